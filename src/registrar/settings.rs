//! The module's settings page (`ispapi_getConfigArray`) and the account they describe.

use super::texts::Lang;
use super::Params;
use crate::error::{CoreError, Result};
use crate::wire::{Api, Environment};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The settings page as data; WHMCS shows the fields in this order. Their labels and
/// descriptions are texts (texts.toml: `setting_<key>`, `setting_<key>_descr`).
const CONFIG: &str = include_str!("config.json");

/// `registrar_config`: the array `ispapi_getConfigArray()` returns, keyed by setting name, in
/// the admin's language (`params.lang`).
pub fn config_array(input: Value) -> Result<Map<String, Value>> {
    let fields: Vec<Map<String, Value>> = serde_json::from_str(CONFIG)
        .map_err(|e| CoreError::new("internal", format!("config.json: {e}")))?;
    let lang = input
        .get("params")
        .and_then(Value::as_object)
        .map(Lang::from_params)
        .unwrap_or_else(|| Lang::new(None, Default::default()));
    Ok(fields
        .into_iter()
        .filter_map(|mut f| {
            let key = f.remove("key")?.as_str()?.to_owned();
            let text = format!("setting_{}", key.to_ascii_lowercase());
            if f.get("Type").and_then(Value::as_str) == Some("System") {
                f.insert("Value".into(), json!(lang.text(&text)));
            } else {
                f.insert("FriendlyName".into(), json!(lang.text(&text)));
                f.insert(
                    "Description".into(),
                    json!(lang.text(&format!("{text}_descr"))),
                );
            }
            Some((key, Value::Object(f)))
        })
        .collect())
}

/// The settings a flow needs, read from WHMCS's `$params` (WHMCS merges them in).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub api: Option<Api>,
    pub test_mode: bool,
    pub default_lock: bool,
    pub transfer_nameservers: bool,
    pub transfer_contacts: bool,
    pub transfer_check: bool,
    /// The TLDs' ID-protection add-on checkbox in the TLD sync (seed 004, "Sync Id Protection").
    pub sync_id_protection: bool,
    /// Domain sync copies the registrar's ID protection state into tbldomains.
    pub id_protection_from_registrar: bool,
    pub suspend_after_expiry: bool,
    pub irtp_designated_agent: bool,
    /// Contact names and addresses to ASCII (for registries that take nothing else).
    pub transliterate: bool,
    /// Domain sync answers from a snapshot of the account's domain list (`sync_list`) instead
    /// of one StatusDomain per domain.
    pub sync_from_list: bool,
    /// How old that snapshot may get before it is fetched again.
    pub sync_list_hours: u64,
}

impl Settings {
    pub fn from_params(p: &Params) -> Settings {
        Settings {
            api: api(p, &Lang::new(None, Default::default())).ok(),
            test_mode: yes(p, "TestMode", false),
            default_lock: yes(p, "DefaultRegistrarLock", true),
            transfer_nameservers: yes(p, "TransferNameservers", false),
            transfer_contacts: yes(p, "TransferContacts", false),
            transfer_check: yes(p, "TransferCheck", true),
            sync_id_protection: yes(p, "SyncIDProtection", false),
            id_protection_from_registrar: yes(p, "IDProtectionFromRegistrar", false),
            suspend_after_expiry: yes(p, "SuspendAfterExpiry", false),
            irtp_designated_agent: text(p, "IRTP") != "API settings",
            transliterate: yes(p, "Transliterate", false),
            sync_from_list: text(p, "SyncSource") != "Each domain",
            sync_list_hours: text(p, "SyncListHours").parse().unwrap_or(4),
        }
    }

    pub fn api(&self) -> Api {
        self.api.unwrap_or(Api::Ispapi)
    }
}

/// A WHMCS yes/no setting: "on" when ticked; missing means the field's default.
pub(super) fn yes(p: &Params, key: &str, default: bool) -> bool {
    match p.get(key) {
        None | Some(Value::Null) => default,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64() != Some(0),
        Some(Value::String(s)) => matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "on" | "1" | "yes" | "true"
        ),
        Some(_) => default,
    }
}

/// A text parameter, trimmed; "" when missing or not text.
pub(super) fn text<'a>(p: &'a Params, key: &str) -> &'a str {
    p.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("")
}

fn api(p: &Params, lang: &Lang) -> Result<Api> {
    match text(p, "API").to_ascii_uppercase().as_str() {
        "" | "ISPAPI" | "HEXONET" => Ok(Api::Ispapi),
        "CNR" | "CENTRALNIC" | "RRPPROXY" => Ok(Api::Cnr),
        other => Err(CoreError::new(
            "invalid_settings",
            lang.fill(
                "settings_err_backend",
                &[("value", &crate::error::quoted(other).to_string())],
            ),
        )),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    pub params: Params,
}

/// What the host's API client needs: the fields of `build_request` but the command.
#[derive(Debug, Serialize)]
pub struct Account {
    pub api: Api,
    pub environment: Environment,
    pub login: String,
    pub password: String,
    pub role: Option<String>,
    pub url: Option<String>,
    pub proxy: Option<String>,
    /// The high-performance setting: the client keeps one API session (and its HTTP
    /// connection) for all the commands of a PHP process instead of logging in on each.
    /// Not a `build_request` field: the client takes it out.
    pub persistent: bool,
}

/// `registrar_account`: the API account from the settings, or a message saying what to fix.
/// Its messages are in the reader's language (`params.lang`: the admin's on the settings page).
pub fn account(input: AccountInput) -> Result<Account> {
    let p = &input.params;
    let lang = Lang::from_params(p);
    let api = api(p, &lang)?;
    let username = text(p, "Username");
    if username.is_empty() {
        return Err(missing(&lang, "settings_err_username"));
    }
    let password = p.get("Password").and_then(Value::as_str).unwrap_or("");
    if password.is_empty() {
        return Err(missing(&lang, "settings_err_password"));
    }
    // A role user is written into the username, as in the provider's own tools.
    let separator = match api {
        Api::Ispapi => '!',
        Api::Cnr => ':',
    };
    let (login, role) = match username.split_once(separator) {
        Some((l, r)) if !l.is_empty() && !r.is_empty() => (l.to_owned(), Some(r.to_owned())),
        _ => (username.to_owned(), None),
    };
    let url = optional_url(p, "ApiUrl", &lang.text("settings_err_api_url"), &lang)?;
    if let Some(u) = &url {
        // The password goes with every command: over http:// anyone on the way reads it.
        if has_scheme(u, "http://") && !yes(p, "AllowPlainHttp", false) {
            return Err(CoreError::new(
                "invalid_settings",
                lang.text("settings_err_plain_http"),
            ));
        }
    }
    // A proxy is reached over plain HTTP and tunnels the API's HTTPS: no tick needed.
    let proxy = proxy_server(text(p, "ProxyServer"), &lang)?;
    Ok(Account {
        api,
        environment: if yes(p, "TestMode", false) {
            Environment::Ote
        } else {
            Environment::Live
        },
        login,
        password: password.to_owned(),
        role,
        url,
        proxy,
        persistent: yes(p, "PersistentSession", false),
    })
}

fn optional_url(p: &Params, key: &str, what: &str, lang: &Lang) -> Result<Option<String>> {
    let value = text(p, key);
    if value.is_empty() {
        return Ok(None);
    }
    let scheme_ok = has_scheme(value, "http://") || has_scheme(value, "https://");
    if !scheme_ok || value.contains(char::is_whitespace) {
        return Err(CoreError::new(
            "invalid_settings",
            lang.fill("settings_err_url", &[("what", what)]),
        ));
    }
    Ok(Some(value.to_owned()))
}

/// The proxy as curl takes it: a URL (`http://proxy.example:3128`), or the forms the original
/// module's setting showed, `66.96.200.39:8080` and a bare host or IP (curl then uses its default
/// proxy port, 1080), written as `http://…`.
fn proxy_server(value: &str, lang: &Lang) -> Result<Option<String>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let refused = || CoreError::new("invalid_settings", lang.text("settings_err_proxy"));
    if value.contains("://") {
        return match optional_url(
            &Params::from_iter([("p".into(), value.into())]),
            "p",
            "",
            lang,
        ) {
            Ok(url) => Ok(url),
            Err(_) => Err(refused()),
        };
    }
    let (host, port) = match value.rsplit_once(':') {
        // An IPv6 address only in brackets, so its colons are not read as a port.
        Some((host, port)) if !host.contains(':') || host.ends_with(']') => (host, Some(port)),
        Some(_) => return Err(refused()),
        None => (value, None),
    };
    let host_ok = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        v6.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !host.is_empty()
            && host.len() <= 253
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
    };
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0));
    if !host_ok || !port_ok {
        return Err(refused());
    }
    Ok(Some(format!("http://{value}")))
}

/// Whether `url` starts with `scheme` (`http://`), in any case as curl reads it.
fn has_scheme(url: &str, scheme: &str) -> bool {
    url.get(..scheme.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
}

fn missing(lang: &Lang, what: &str) -> CoreError {
    CoreError::new(
        "invalid_settings",
        lang.fill("settings_err_missing", &[("what", &lang.text(what))]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(v: Value) -> Params {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn every_setting_has_its_texts_in_the_admins_language() {
        let table = &super::super::texts::table().unwrap().texts;
        let en = config_array(json!({})).unwrap();
        for (key, field) in &en {
            let text = format!("setting_{}", key.to_ascii_lowercase());
            assert!(table.contains_key(&text), "{text}");
            if field["Type"] != "System" {
                assert!(table.contains_key(&format!("{text}_descr")), "{text}_descr");
            }
        }
        assert_eq!(en["TestMode"]["FriendlyName"], "Use test system");
        let fr = config_array(json!({"params": {"lang": {"language": "french"}}})).unwrap();
        assert_eq!(
            fr["TestMode"]["FriendlyName"],
            "Utiliser le système de test"
        );
        assert_eq!(fr.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
    }

    #[test]
    fn refused_settings_are_told_in_the_admins_language() {
        let refused = |lang: &str| {
            account(AccountInput {
                params: params(json!({"Username": "me", "lang": {"language": lang}})),
            })
            .unwrap_err()
            .message
        };
        assert_eq!(
            refused("english"),
            "the API password is not set: enter it under Setup > Domain Registrars > ISPAPI"
        );
        assert_eq!(
            refused("french"),
            "le mot de passe API n'est pas renseigné : saisissez-le sous Setup > Domain Registrars > ISPAPI"
        );
    }

    #[test]
    fn a_cnr_role_user_is_split_at_the_colon() {
        let a = account(AccountInput {
            params: params(
                json!({"API":"CNR","Username":"me:billing","Password":"pw","TestMode":"on"}),
            ),
        })
        .unwrap();
        assert_eq!(
            (a.login.as_str(), a.role.as_deref()),
            ("me", Some("billing"))
        );
        assert_eq!(a.environment, Environment::Ote);
    }

    #[test]
    fn an_ispapi_role_user_is_split_at_the_exclamation_mark() {
        let a = account(AccountInput {
            params: params(json!({"API":"ISPAPI","Username":"me!billing","Password":"pw"})),
        })
        .unwrap();
        assert_eq!(
            (a.login.as_str(), a.role.as_deref()),
            ("me", Some("billing"))
        );
        // A colon is no role separator on ISPAPI.
        let a = account(AccountInput {
            params: params(json!({"API":"ISPAPI","Username":"me:x","Password":"pw"})),
        })
        .unwrap();
        assert_eq!((a.login.as_str(), a.role.as_deref()), ("me:x", None));
    }

    #[test]
    fn missing_credentials_say_where_to_enter_them() {
        let e = account(AccountInput {
            params: params(json!({"Username":"me"})),
        })
        .unwrap_err();
        assert_eq!(e.code, "invalid_settings");
        assert!(e.message.contains("password"));
    }

    #[test]
    fn a_plain_http_api_url_is_refused_unless_explicitly_allowed() {
        let with = |extra: Value| {
            let mut p = params(json!({"Username":"me","Password":"pw"}));
            p.extend(params(extra));
            account(AccountInput { params: p })
        };
        for url in [
            "http://127.0.0.1:8080/api/call.cgi",
            "HTTP://proxy.example/api",
        ] {
            let e = with(json!({ "ApiUrl": url })).unwrap_err();
            assert_eq!(e.code, "invalid_settings");
            assert!(e.message.contains("unencrypted"), "{}", e.message);
            assert!(e.message.contains("Allow plain HTTP"), "{}", e.message);
            let e = with(json!({ "ApiUrl": url, "AllowPlainHttp": "" })).unwrap_err();
            assert_eq!(e.code, "invalid_settings");
            let a = with(json!({ "ApiUrl": url, "AllowPlainHttp": "on" })).unwrap();
            assert_eq!(a.url.as_deref(), Some(url));
        }
        let a = with(json!({ "ApiUrl": "https://api.example/api/call.cgi" })).unwrap();
        assert_eq!(a.url.as_deref(), Some("https://api.example/api/call.cgi"));
        // A proxy is reached over plain HTTP and tunnels the API's HTTPS: no tick needed.
        let a = with(json!({ "ProxyServer": "http://proxy.example:3128" })).unwrap();
        assert_eq!(a.proxy.as_deref(), Some("http://proxy.example:3128"));
    }

    #[test]
    fn the_proxy_takes_the_seeds_forms_and_refuses_the_rest() {
        let with = |proxy: &str| {
            let mut p = params(json!({"Username": "u", "Password": "p"}));
            p.insert("ProxyServer".into(), json!(proxy));
            account(AccountInput { params: p }).map(|a| a.proxy)
        };
        for (given, curl) in [
            ("66.96.200.39:8080", "http://66.96.200.39:8080"),
            ("66.96.200.39", "http://66.96.200.39"),
            (" proxy.example ", "http://proxy.example"),
            ("[2001:db8::1]:3128", "http://[2001:db8::1]:3128"),
            ("https://proxy.example:443", "https://proxy.example:443"),
        ] {
            assert_eq!(with(given).unwrap().as_deref(), Some(curl), "{given}");
        }
        assert_eq!(with("").unwrap(), None);
        for bad in [
            "66.96.200.39:0",
            "66.96.200.39:99999",
            "proxy example:80",
            "2001:db8::1",
            "socks5://proxy.example",
            "proxy.example:80/path",
            "a\nb:80",
        ] {
            let e = with(bad).unwrap_err();
            assert_eq!(e.code, "invalid_settings", "{bad}");
            assert!(e.message.contains("66.96.200.39:8080"), "{}", e.message);
        }
    }

    #[test]
    fn allow_plain_http_is_an_unticked_yes_no_setting_that_says_why() {
        let c = config_array(Value::Null).unwrap();
        let field = &c["AllowPlainHttp"];
        assert_eq!(field["Type"], "yesno");
        assert!(field.get("Default").is_none());
        assert!(field["Description"]
            .as_str()
            .unwrap()
            .contains("unencrypted"));
    }

    #[test]
    fn the_config_array_keeps_the_page_order() {
        let c = config_array(Value::Null).unwrap();
        let keys: Vec<&str> = c.keys().map(String::as_str).collect();
        assert_eq!(&keys[..4], ["Description", "API", "Username", "Password"]);
        assert_eq!(c["Password"]["Type"], "password");
    }
}
