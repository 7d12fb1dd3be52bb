//! WHMCS contact details → the API's contact fields, with the checks a registry would make,
//! so the customer sees which field to fix instead of a registry error code.

use super::texts::Lang;
use super::Params;
use crate::wire::Command;
use serde_json::{json, Value};

/// WHMCS's names for the registrant's fields; the admin contact's are the same with "admin".
const FIELDS: &[(&str, &str, &str)] = &[
    // (API field, WHMCS key, texts.toml key of what the customer calls it)
    ("FIRSTNAME", "firstname", "contact_field_firstname"),
    ("LASTNAME", "lastname", "contact_field_lastname"),
    ("ORGANIZATION", "companyname", "contact_field_companyname"),
    ("STREET0", "address1", "contact_field_address1"),
    ("STREET1", "address2", "contact_field_address2"),
    ("CITY", "city", "contact_field_city"),
    ("STATE", "state", "contact_field_state"),
    ("ZIP", "postcode", "contact_field_postcode"),
    ("COUNTRY", "countrycode", "contact_field_country"),
    ("PHONE", "fullphonenumber", "contact_field_phone"),
    ("EMAIL", "email", "contact_field_email"),
];

const REQUIRED: &[&str] = &[
    "FIRSTNAME",
    "LASTNAME",
    "STREET0",
    "CITY",
    "ZIP",
    "COUNTRY",
    "PHONE",
    "EMAIL",
];

/// Registries cut or refuse longer values; 255 is the API's field size.
const MAX_LEN: usize = 255;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The client's details in `$params` (`firstname` …).
    Owner,
    /// The admin details in `$params` (`adminfirstname` …).
    Admin,
    /// A contact of WHMCS's contact form (`Registrant`, `Technical` …), in the owner's keys.
    Named(&'static str),
}

impl Role {
    fn prefix(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Owner | Role::Named(_) => "",
        }
    }

    fn label(self, lang: &Lang) -> String {
        let key = match self {
            Role::Owner => "contact_registrant",
            Role::Admin | Role::Named("Admin") => "contact_admin",
            Role::Named("Registrant") => "contact_registrant_contact",
            Role::Named("Technical") => "contact_technical",
            Role::Named("Billing") => "contact_billing",
            // Not one of WHMCS's four: its own name.
            Role::Named(name) => return format!("{} contact", name.to_lowercase()),
        };
        lang.text(key)
    }
}

fn value(p: &Params, key: &str) -> String {
    match p.get(key) {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// `+CC.NUMBER`, the API's phone format, from WHMCS's full number or its parts.
fn phone(p: &Params, prefix: &str) -> String {
    let full = value(p, &format!("{prefix}fullphonenumber"));
    let (cc, number) = match full.split_once('.') {
        Some((cc, n)) if cc.starts_with('+') => {
            (cc.trim_start_matches('+').to_owned(), n.to_owned())
        }
        _ => (
            value(p, &format!("{prefix}phonecc")),
            value(p, &format!("{prefix}phonenumber")),
        ),
    };
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (cc, number) = (digits(&cc), digits(&number));
    match (cc.is_empty(), number.is_empty()) {
        (_, true) => String::new(),
        (true, false) => number,
        (false, false) => format!("+{cc}.{number}"),
    }
}

/// The `AddContact` command for a role, or a message naming the field to fix. With `ascii`,
/// names and addresses are transliterated for registries that take only ASCII.
pub fn add_contact(p: &Params, role: Role, ascii: bool) -> Result<Command, String> {
    add_contact_from(p, role, ascii, &Lang::from_params(p))
}

/// Like [`add_contact`], for contact fields given in the owner's WHMCS keys; refusals in `lang`.
pub fn add_contact_from(
    p: &Params,
    role: Role,
    ascii: bool,
    lang: &Lang,
) -> Result<Command, String> {
    let prefix = role.prefix();
    let contact = role.label(lang);
    let mut command = Command::new();
    command.insert("COMMAND".into(), json!("AddContact"));
    for (api, whmcs, label) in FIELDS {
        let v = match *api {
            "PHONE" => phone(p, prefix),
            // WHMCS names the admin's country "admincountry".
            "COUNTRY" if role == Role::Admin => value(p, "admincountry"),
            _ => value(p, &format!("{prefix}{whmcs}")),
        };
        if v.chars().count() > MAX_LEN {
            let max = MAX_LEN.to_string();
            return Err(lang.fill(
                "contact_too_long",
                &[
                    ("contact", &contact),
                    ("field", &lang.text(label)),
                    ("max", &max),
                ],
            ));
        }
        if v.is_empty() {
            if REQUIRED.contains(api) {
                return Err(lang.fill(
                    "contact_empty",
                    &[("contact", &contact), ("field", &lang.text(label))],
                ));
            }
            continue;
        }
        if *api == "COUNTRY" && (v.len() != 2 || !v.bytes().all(|b| b.is_ascii_alphabetic())) {
            return Err(lang.fill("contact_country_code", &[("contact", &contact)]));
        }
        if *api == "EMAIL" && !plausible_email(&v) {
            // The address itself is left out: WHMCS shows the message unescaped.
            return Err(lang.fill("contact_email_invalid", &[("contact", &contact)]));
        }
        let v = if *api == "COUNTRY" {
            v.to_ascii_uppercase()
        } else {
            v
        };
        command.insert((*api).into(), json!(v));
    }
    if ascii {
        let country = command
            .get("COUNTRY")
            .and_then(Value::as_str)
            .map(str::to_owned);
        for (key, value) in command.iter_mut() {
            if matches!(key.as_str(), "COMMAND" | "EMAIL" | "PHONE" | "COUNTRY") {
                continue;
            }
            if let Some(text) = value.as_str() {
                let ascii = crate::translit::transliterate_text(text, country.as_deref()).ascii;
                *value = json!(ascii);
            }
        }
    }
    Ok(command)
}

fn plausible_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(v: Value) -> Params {
        v.as_object().unwrap().clone()
    }

    fn owner() -> Value {
        json!({"firstname":"Zoë","lastname":"<b>Müller</b>","address1":"Hauptstr. 1","city":"Köln",
               "postcode":"50667","countrycode":"de","fullphonenumber":"+49.221 12345","email":"z@example.de"})
    }

    #[test]
    fn whmcs_fields_map_to_api_fields() {
        let c = add_contact(&params(owner()), Role::Owner, false).unwrap();
        assert_eq!(c["COUNTRY"], "DE");
        assert_eq!(c["PHONE"], "+49.22112345");
        assert_eq!(c["LASTNAME"], "<b>Müller</b>");
        assert!(c.get("ORGANIZATION").is_none());
    }

    #[test]
    fn an_empty_required_field_is_named() {
        let mut p = owner();
        p["city"] = json!(" ");
        assert_eq!(
            add_contact(&params(p), Role::Owner, false).unwrap_err(),
            "The registrant city is empty."
        );
    }

    #[test]
    fn a_2000_character_street_is_refused() {
        let mut p = owner();
        p["address1"] = json!("x".repeat(2000));
        assert!(add_contact(&params(p), Role::Owner, false)
            .unwrap_err()
            .contains("longer than 255"));
    }

    #[test]
    fn transliteration_makes_names_and_addresses_ascii() {
        let mut p = owner();
        p["firstname"] = json!("Γιώργος");
        let c = add_contact(&params(p), Role::Owner, true).unwrap();
        assert_eq!(c["FIRSTNAME"], "Giorgos");
        assert_eq!(c["CITY"], "Koeln");
        assert_eq!(c["EMAIL"], "z@example.de");
    }
}
