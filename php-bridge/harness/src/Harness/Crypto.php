<?php

declare(strict_types=1);

namespace Harness;

/**
 * The harness's stand-in for WHMCS's encrypt()/decrypt(): reversible, keyed by the root's
 * $cc_encryption_hash, and (like WHMCS, see the EncryptPassword API) different ciphertext for
 * the same text each time. The cipher is the harness's own: WHMCS's is not documented.
 */
final class Crypto
{
    public static function encrypt(string $plain): string
    {
        $nonce = random_bytes(SODIUM_CRYPTO_SECRETBOX_NONCEBYTES);
        $box = sodium_crypto_secretbox($plain, $nonce, Runtime::current()->encryptionKey());
        return base64_encode($nonce . $box);
    }

    public static function decrypt(string $encrypted): string
    {
        if ($encrypted === '') {
            return '';
        }
        $raw = base64_decode($encrypted, true);
        if ($raw === false || strlen($raw) <= SODIUM_CRYPTO_SECRETBOX_NONCEBYTES) {
            throw new \UnexpectedValueException('Not a value encrypted by this harness root');
        }
        $nonce = substr($raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES);
        $plain = sodium_crypto_secretbox_open(
            substr($raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES),
            $nonce,
            Runtime::current()->encryptionKey()
        );
        if ($plain === false) {
            throw new \UnexpectedValueException('Value was encrypted with another key');
        }
        return $plain;
    }
}
