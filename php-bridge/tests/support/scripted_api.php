<?php

/**
 * A scripted stand-in for the API, for PHP's built-in server: it answers each request with the
 * next reply in $SCRIPTED_API_DIR/replies.json ({status, body, delay_ms, close, stream_bytes}) and appends
 * the raw POST fields it received to requests.jsonl. Transport tests only; the registrar flows
 * run against the real simulator.
 */

declare(strict_types=1);

$dir = (string) getenv('SCRIPTED_API_DIR');
$lock = fopen("$dir/lock", 'c');
flock($lock, LOCK_EX);
file_put_contents("$dir/requests.jsonl", json_encode($_POST) . "\n", FILE_APPEND);
$replies = json_decode((string) file_get_contents("$dir/replies.json"), true) ?: [];
$reply = array_shift($replies) ?? ['status' => 500, 'body' => 'no scripted reply left'];
file_put_contents("$dir/replies.json", json_encode($replies));
flock($lock, LOCK_UN);

if (!empty($reply['delay_ms'])) {
    usleep((int) $reply['delay_ms'] * 1000);
}
if (!empty($reply['close'])) {
    // Promise a longer body than is sent: the client sees the connection end early.
    header('Content-Length: 1000');
    echo substr((string) ($reply['body'] ?? ''), 0, 10);
    exit;
}
http_response_code((int) ($reply['status'] ?? 200));
header('Content-Type: text/plain; charset=utf-8');
if (!empty($reply['stream_bytes'])) {
    // A list reply of about stream_bytes, written in chunks (no length announced), so that
    // this server never holds it; it stops when the client hangs up.
    $row = str_repeat('x', 60);
    $chunk = '';
    for ($i = 0; \strlen($chunk) < 65536; $i++) {
        $chunk .= "property[DOMAIN][$i] = $row.com\n";
    }
    echo "[RESPONSE]\ncode = 200\ndescription = Command completed successfully\n";
    for ($sent = 0; $sent < (int) $reply['stream_bytes'] && !connection_aborted(); $sent += \strlen($chunk)) {
        echo $chunk;
        flush();
    }
    echo "EOF\n";
    exit;
}
echo $reply['body'] ?? '';
