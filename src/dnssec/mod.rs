//! DNSSEC delegation data a registry publishes for a domain: DS records (RFC 4034 §5) and
//! DNSKEY records (§2) as the API takes them (`ModifyDomain SECDNS-DS0 = "keytag alg type
//! digest"`, `SECDNS-KEY0 = "flags protocol alg key"`), each field checked against the IANA
//! registries so that a typo is reported here and not as a broken delegation.

use serde::Serialize;
use serde_json::Value;

/// A signing algorithm (IANA "DNS Security Algorithm Numbers") a registry accepts.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Algorithm {
    pub number: u8,
    pub name: &'static str,
    /// The public key's size in bytes where the algorithm fixes it (RFC 6605, 8080, 5933).
    #[serde(skip)]
    pub key_bytes: Option<usize>,
}

/// The algorithms one may delegate with. RSAMD5 (1) is left out: RFC 6725 deprecated it and
/// RFC 8624 forbids signing with it; 0, 2, 4, 9, 11 and 252–255 are not signing algorithms.
pub const ALGORITHMS: &[Algorithm] = &[
    Algorithm {
        number: 3,
        name: "DSA/SHA1",
        key_bytes: None,
    },
    Algorithm {
        number: 5,
        name: "RSA/SHA-1",
        key_bytes: None,
    },
    Algorithm {
        number: 6,
        name: "DSA-NSEC3-SHA1",
        key_bytes: None,
    },
    Algorithm {
        number: 7,
        name: "RSASHA1-NSEC3-SHA1",
        key_bytes: None,
    },
    Algorithm {
        number: 8,
        name: "RSA/SHA-256",
        key_bytes: None,
    },
    Algorithm {
        number: 10,
        name: "RSA/SHA-512",
        key_bytes: None,
    },
    Algorithm {
        number: 12,
        name: "GOST R 34.10-2001",
        key_bytes: Some(64),
    },
    Algorithm {
        number: 13,
        name: "ECDSA P-256/SHA-256",
        key_bytes: Some(64),
    },
    Algorithm {
        number: 14,
        name: "ECDSA P-384/SHA-384",
        key_bytes: Some(96),
    },
    Algorithm {
        number: 15,
        name: "Ed25519",
        key_bytes: Some(32),
    },
    Algorithm {
        number: 16,
        name: "Ed448",
        key_bytes: Some(57),
    },
];

/// A DS digest type (IANA "Delegation Signer (DS) Resource Record Digest Algorithms").
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DigestType {
    pub number: u8,
    pub name: &'static str,
    /// The digest's length in hexadecimal digits.
    #[serde(skip)]
    pub hex_digits: usize,
}

pub const DIGEST_TYPES: &[DigestType] = &[
    DigestType {
        number: 1,
        name: "SHA-1",
        hex_digits: 40,
    },
    DigestType {
        number: 2,
        name: "SHA-256",
        hex_digits: 64,
    },
    DigestType {
        number: 3,
        name: "GOST R 34.11-94",
        hex_digits: 64,
    },
    DigestType {
        number: 4,
        name: "SHA-384",
        hex_digits: 96,
    },
];

/// DNSKEY flags a delegation uses: 256 a zone-signing key, 257 a key-signing key (SEP bit).
pub const FLAGS: &[(u16, &str)] = &[(257, "KSK (257)"), (256, "ZSK (256)")];

/// RFC 4034 §2.1.2: the protocol field MUST be 3.
pub const PROTOCOL: u8 = 3;

/// The longest signature lifetime a registry takes, in seconds (RFC 5910's maxSigLife is an
/// unsignedInt of at least 1; registries cap it at signed 32 bits).
const MAX_SIG_LIFE: u32 = i32::MAX as u32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ds {
    pub key_tag: u16,
    pub algorithm: u8,
    pub digest_type: u8,
    /// Upper-case hexadecimal.
    pub digest: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsKey {
    pub flags: u16,
    pub protocol: u8,
    pub algorithm: u8,
    /// Base64, without spaces.
    pub public_key: String,
}

/// A DS row as the page shows it (and re-shows it after a mistake, as typed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DsFields {
    pub keytag: String,
    pub alg: String,
    pub digesttype: String,
    pub digest: String,
}

/// A DNSKEY row as the page shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KeyFields {
    pub flags: String,
    pub protocol: String,
    pub alg: String,
    pub pubkey: String,
}

impl Ds {
    /// A `SECDNS-DS` value of StatusDomain; `None` if it is not four fields.
    pub fn from_api(value: &str) -> Option<DsFields> {
        let f: Vec<&str> = value.split_whitespace().collect();
        match f.as_slice() {
            [keytag, alg, digesttype, digest @ ..] if !digest.is_empty() => Some(DsFields {
                keytag: (*keytag).into(),
                alg: (*alg).into(),
                digesttype: (*digesttype).into(),
                digest: digest.concat(),
            }),
            _ => None,
        }
    }

    pub fn check(f: &DsFields) -> Result<Ds, Problem> {
        let key_tag = number::<u16>(&f.keytag, "dnssec_key_tag", 0, u16::MAX)?;
        let algorithm = algorithm(&f.alg)?;
        let digest_type: u8 = number(&f.digesttype, "dnssec_digest_type", 0, u8::MAX)?;
        let Some(kind) = DIGEST_TYPES.iter().find(|d| d.number == digest_type) else {
            return Err(Problem::new(
                "dnssec_check_digest_type",
                &[("type", digest_type.to_string())],
            ));
        };
        let digest: String = f
            .digest
            .split_whitespace()
            .collect::<String>()
            .to_ascii_uppercase();
        if !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Problem::new("dnssec_check_digest_hex", &[]));
        }
        if digest.len() != kind.hex_digits {
            return Err(Problem::new(
                "dnssec_check_digest_length",
                &[
                    ("name", kind.name.to_owned()),
                    ("digits", kind.hex_digits.to_string()),
                    ("length", digest.len().to_string()),
                ],
            ));
        }
        Ok(Ds {
            key_tag,
            algorithm,
            digest_type,
            digest,
        })
    }

    /// The `SECDNS-DS` value.
    pub fn api(&self) -> String {
        format!(
            "{} {} {} {}",
            self.key_tag, self.algorithm, self.digest_type, self.digest
        )
    }

    pub fn fields(&self) -> DsFields {
        DsFields {
            keytag: self.key_tag.to_string(),
            alg: self.algorithm.to_string(),
            digesttype: self.digest_type.to_string(),
            digest: self.digest.clone(),
        }
    }
}

impl DnsKey {
    /// A `SECDNS-KEY` value of StatusDomain; the key may be split by spaces, as in zone files.
    pub fn from_api(value: &str) -> Option<KeyFields> {
        let f: Vec<&str> = value.split_whitespace().collect();
        match f.as_slice() {
            [flags, protocol, alg, key @ ..] if !key.is_empty() => Some(KeyFields {
                flags: (*flags).into(),
                protocol: (*protocol).into(),
                alg: (*alg).into(),
                pubkey: key.concat(),
            }),
            _ => None,
        }
    }

    pub fn check(f: &KeyFields) -> Result<DnsKey, Problem> {
        let flags: u16 = number(&f.flags, "dnssec_flags", 0, u16::MAX)?;
        if !FLAGS.iter().any(|(n, _)| *n == flags) {
            return Err(Problem::new(
                "dnssec_check_flags",
                &[("flags", flags.to_string())],
            ));
        }
        let protocol: u8 = number(&f.protocol, "dnssec_protocol", 0, u8::MAX)?;
        if protocol != PROTOCOL {
            return Err(Problem::new(
                "dnssec_check_protocol",
                &[
                    ("protocol", PROTOCOL.to_string()),
                    ("given", protocol.to_string()),
                ],
            ));
        }
        let algorithm = algorithm(&f.alg)?;
        let public_key: String = f.pubkey.split_whitespace().collect();
        let Some(bytes) = base64_len(&public_key) else {
            return Err(Problem::new("dnssec_check_base64", &[]));
        };
        let expected = ALGORITHMS
            .iter()
            .find(|a| a.number == algorithm)
            .and_then(|a| a.key_bytes);
        match expected {
            Some(n) if n != bytes => {
                return Err(Problem::new(
                    "dnssec_check_key_length",
                    &[
                        ("algorithm", algorithm.to_string()),
                        ("bytes", n.to_string()),
                        ("given", bytes.to_string()),
                    ],
                ))
            }
            None if bytes < 64 => {
                return Err(Problem::new(
                    "dnssec_check_key_short",
                    &[("bytes", bytes.to_string())],
                ))
            }
            _ => {}
        }
        Ok(DnsKey {
            flags,
            protocol,
            algorithm,
            public_key,
        })
    }

    /// The `SECDNS-KEY` value.
    pub fn api(&self) -> String {
        format!(
            "{} {} {} {}",
            self.flags, self.protocol, self.algorithm, self.public_key
        )
    }

    pub fn fields(&self) -> KeyFields {
        KeyFields {
            flags: self.flags.to_string(),
            protocol: self.protocol.to_string(),
            alg: self.algorithm.to_string(),
            pubkey: self.public_key.clone(),
        }
    }
}

/// A mistake in a record: the key of its text in the module's texts (src/registrar/texts.toml,
/// where each language words it) and the values of its placeholders. `field`, when set, is the
/// text key of the field's name, which fills `{field}`; `row`, when set, the text key that
/// says which record (`{n}`) and the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: &'static str,
    pub values: Vec<(&'static str, String)>,
    pub field: Option<&'static str>,
    pub row: Option<(&'static str, usize)>,
}

impl Problem {
    fn new(key: &'static str, values: &[(&'static str, String)]) -> Problem {
        Problem {
            key,
            values: values.to_vec(),
            field: None,
            row: None,
        }
    }

    fn in_row(self, row: &'static str, n: usize) -> Problem {
        Problem {
            row: Some((row, n)),
            ..self
        }
    }

    fn of(field: &'static str, key: &'static str, values: &[(&'static str, String)]) -> Problem {
        Problem {
            field: Some(field),
            ..Problem::new(key, values)
        }
    }
}

fn algorithm(value: &str) -> Result<u8, Problem> {
    let n: u8 = number(value, "dnssec_algorithm", 0, u8::MAX)?;
    if ALGORITHMS.iter().any(|a| a.number == n) {
        Ok(n)
    } else {
        Err(Problem::new(
            "dnssec_check_algorithm",
            &[("algorithm", n.to_string())],
        ))
    }
}

/// `what`: the text key of the field's name.
fn number<T: TryFrom<u64>>(
    value: &str,
    what: &'static str,
    min: u64,
    max: impl Into<u64>,
) -> Result<T, Problem> {
    let max = max.into();
    let value = value.trim();
    let range = || {
        Problem::of(
            what,
            "dnssec_check_range",
            &[("min", min.to_string()), ("max", max.to_string())],
        )
    };
    let n: u64 = value.parse().map_err(|_| {
        if value.is_empty() {
            Problem::of(what, "dnssec_check_missing", &[])
        } else {
            Problem::of(
                what,
                "dnssec_check_number",
                &[("value", crate::error::quoted(value).to_string())],
            )
        }
    })?;
    if n < min || n > max {
        return Err(range());
    }
    T::try_from(n).map_err(|_| range())
}

/// The number of bytes a Base64 text (RFC 4648, with padding) decodes to; `None` if it is
/// not Base64.
fn base64_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() % 4 != 0 {
        return None;
    }
    let padding = b.iter().rev().take_while(|c| **c == b'=').count();
    if padding > 2 {
        return None;
    }
    let body = &b[..b.len() - padding];
    if !body
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
    {
        return None;
    }
    Some(b.len() / 4 * 3 - padding)
}

/// The signature lifetime field: empty for the registry's default, else seconds.
pub fn max_sig_life(value: &str) -> Result<Option<u32>, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    number(value, "dnssec_sig_life", 1, MAX_SIG_LIFE).map(Some)
}

/// What the DNSSEC page submitted, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pub ds: Vec<DsFields>,
    pub keys: Vec<KeyFields>,
    pub max_sig_life: String,
}

/// The checked records of a [`Form`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delegation {
    pub ds: Vec<Ds>,
    pub keys: Vec<DnsKey>,
    pub max_sig_life: Option<u32>,
}

/// The most DS or DNSKEY records one domain may carry (registries allow a handful).
const MAX_ROWS: usize = 20;

impl Form {
    /// `{"ds": [{keytag, alg, digesttype, digest}, …], "key": [{flags, protocol, alg, pubkey}],
    /// "maxsiglife": …}` as PHP hands over the posted form (lists may arrive as objects keyed
    /// by index). Rows without their key material are the page's empty "add" rows.
    pub fn from_value(v: &Value) -> Form {
        let rows = |key: &str| -> Vec<&Value> {
            match v.get(key) {
                Some(Value::Array(a)) => a.iter().collect(),
                Some(Value::Object(o)) => o.values().collect(),
                _ => Vec::new(),
            }
        };
        let text = |row: &Value, key: &str| match row.get(key) {
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        Form {
            ds: rows("ds")
                .into_iter()
                .map(|r| DsFields {
                    keytag: text(r, "keytag"),
                    alg: text(r, "alg"),
                    digesttype: text(r, "digesttype"),
                    digest: text(r, "digest"),
                })
                .filter(|r| !(r.keytag.is_empty() && r.digest.is_empty()))
                .collect(),
            keys: rows("key")
                .into_iter()
                .map(|r| KeyFields {
                    flags: text(r, "flags"),
                    protocol: text(r, "protocol"),
                    alg: text(r, "alg"),
                    pubkey: text(r, "pubkey"),
                })
                .filter(|r| !r.pubkey.is_empty())
                .collect(),
            max_sig_life: text(v, "maxsiglife"),
        }
    }

    /// Every row checked; all mistakes are reported together, each with its record.
    pub fn check(&self) -> Result<Delegation, Vec<Problem>> {
        let mut errors = Vec::new();
        if self.ds.len() > MAX_ROWS || self.keys.len() > MAX_ROWS {
            errors.push(Problem::new(
                "dnssec_check_too_many",
                &[("max", MAX_ROWS.to_string())],
            ));
        }
        let mut out = Delegation::default();
        for (i, r) in self.ds.iter().enumerate() {
            match Ds::check(r) {
                Ok(ds) if !out.ds.contains(&ds) => out.ds.push(ds),
                Ok(_) => {}
                Err(e) => errors.push(e.in_row("dnssec_row_ds", i + 1)),
            }
        }
        for (i, r) in self.keys.iter().enumerate() {
            match DnsKey::check(r) {
                Ok(key) if !out.keys.contains(&key) => out.keys.push(key),
                Ok(_) => {}
                Err(e) => errors.push(e.in_row("dnssec_row_key", i + 1)),
            }
        }
        match max_sig_life(&self.max_sig_life) {
            Ok(v) => out.max_sig_life = v,
            Err(e) => errors.push(e),
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_lengths() {
        assert_eq!(base64_len("AAAA"), Some(3));
        assert_eq!(base64_len("AAA="), Some(2));
        assert_eq!(base64_len("AA=="), Some(1));
        assert_eq!(base64_len("A==="), None);
        assert_eq!(base64_len("AA*A"), None);
        assert_eq!(base64_len(""), None);
    }

    #[test]
    fn api_values_round_trip() {
        let f = Ds::from_api(
            "12345 13 2 49fd46e6c4b45c55d4ac69cbd3cd34ac1afe51de00000000000000000000000a",
        )
        .unwrap();
        let ds = Ds::check(&f).unwrap();
        assert_eq!(Ds::check(&ds.fields()).unwrap(), ds);
        assert!(ds.api().starts_with("12345 13 2 49FD46E6"));
        assert!(Ds::from_api("1 2 3").is_none());
    }
}
