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

    pub fn check(f: &DsFields) -> Result<Ds, String> {
        let key_tag = number::<u16>(&f.keytag, "key tag", 0, u16::MAX)?;
        let algorithm = algorithm(&f.alg)?;
        let digest_type: u8 = number(&f.digesttype, "digest type", 0, u8::MAX)?;
        let Some(kind) = DIGEST_TYPES.iter().find(|d| d.number == digest_type) else {
            return Err(format!(
                "the digest type {digest_type} is unknown; use 1 (SHA-1), 2 (SHA-256), 3 (GOST) or 4 (SHA-384)."
            ));
        };
        let digest: String = f
            .digest
            .split_whitespace()
            .collect::<String>()
            .to_ascii_uppercase();
        if !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("the digest may only have hexadecimal digits (0-9, A-F).".into());
        }
        if digest.len() != kind.hex_digits {
            return Err(format!(
                "a {} digest has {} hexadecimal digits, this one has {}.",
                kind.name,
                kind.hex_digits,
                digest.len()
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

    pub fn check(f: &KeyFields) -> Result<DnsKey, String> {
        let flags: u16 = number(&f.flags, "flags", 0, u16::MAX)?;
        if !FLAGS.iter().any(|(n, _)| *n == flags) {
            return Err(format!(
                "the flags {flags} are not those of a delegation key; use 257 (key-signing key) or 256 (zone-signing key)."
            ));
        }
        let protocol: u8 = number(&f.protocol, "protocol", 0, u8::MAX)?;
        if protocol != PROTOCOL {
            return Err(format!(
                "the protocol of a DNSKEY is always {PROTOCOL}, not {protocol}."
            ));
        }
        let algorithm = algorithm(&f.alg)?;
        let public_key: String = f.pubkey.split_whitespace().collect();
        let Some(bytes) = base64_len(&public_key) else {
            return Err("the public key is not valid Base64.".into());
        };
        let expected = ALGORITHMS
            .iter()
            .find(|a| a.number == algorithm)
            .and_then(|a| a.key_bytes);
        match expected {
            Some(n) if n != bytes => {
                return Err(format!(
                    "a key of algorithm {algorithm} has {n} bytes, this one has {bytes}."
                ))
            }
            None if bytes < 64 => {
                return Err(format!(
                    "the public key has only {bytes} bytes; is it complete?"
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

fn algorithm(value: &str) -> Result<u8, String> {
    let n: u8 = number(value, "algorithm", 0, u8::MAX)?;
    if ALGORITHMS.iter().any(|a| a.number == n) {
        Ok(n)
    } else {
        Err(format!(
            "the algorithm {n} cannot be used for a delegation; choose one of the list."
        ))
    }
}

fn number<T: TryFrom<u64>>(
    value: &str,
    what: &str,
    min: u64,
    max: impl Into<u64>,
) -> Result<T, String> {
    let max = max.into();
    let value = value.trim();
    let n: u64 = value.parse().map_err(|_| {
        if value.is_empty() {
            format!("the {what} is missing.")
        } else {
            format!(
                "the {what} must be a number, not {}.",
                crate::error::quoted(value)
            )
        }
    })?;
    if n < min || n > max {
        return Err(format!("the {what} must be from {min} to {max}."));
    }
    T::try_from(n).map_err(|_| format!("the {what} must be from {min} to {max}."))
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
pub fn max_sig_life(value: &str) -> Result<Option<u32>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    number(value, "maximum signature lifetime", 1, MAX_SIG_LIFE).map(Some)
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

    /// Every row checked; all mistakes are reported together.
    pub fn check(&self) -> Result<Delegation, Vec<String>> {
        let mut errors = Vec::new();
        if self.ds.len() > MAX_ROWS || self.keys.len() > MAX_ROWS {
            errors.push(format!(
                "A domain may have at most {MAX_ROWS} DS and {MAX_ROWS} DNSKEY records."
            ));
        }
        let mut out = Delegation::default();
        for (i, row) in self.ds.iter().enumerate() {
            match Ds::check(row) {
                Ok(ds) if !out.ds.contains(&ds) => out.ds.push(ds),
                Ok(_) => {}
                Err(e) => errors.push(format!("DS record {}: {e}", i + 1)),
            }
        }
        for (i, row) in self.keys.iter().enumerate() {
            match DnsKey::check(row) {
                Ok(key) if !out.keys.contains(&key) => out.keys.push(key),
                Ok(_) => {}
                Err(e) => errors.push(format!("DNSKEY record {}: {e}", i + 1)),
            }
        }
        match max_sig_life(&self.max_sig_life) {
            Ok(v) => out.max_sig_life = v,
            Err(e) => errors.push(format!("Signature lifetime: {e}")),
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
