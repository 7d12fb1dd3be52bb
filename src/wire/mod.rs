//! The registrar API's wire protocol, shared by HEXONET (ISPAPI) and CentralNic Reseller (CNR):
//! commands are `KEY=VALUE` lines posted as a form; responses are `[RESPONSE]` plain text.

mod command;
mod request;
mod response;
mod retry;

pub use command::{encode_command, encode_lines, Command, EncodeInput, Encoded};
pub use request::{
    build_request, session_id, Api, Environment, Request, RequestInput, SessionInput,
};
pub use response::{
    parse, parse_borrowed, parse_response, redact_response, transport_failure, FailureInput, Kind,
    Pagination, ParseInput, ParsedResponse, RedactInput, Response,
};
pub use retry::{is_read_only, retry_policy, Outcome, RetryDecision, RetryInput};
