//! Web apps in the client area (the original module's "Web Apps", seed 004): connecting an app
//! such as Google Workspace writes the DNS records it needs into the domain's zone at the
//! provider; disconnecting removes exactly those records. The apps are data (`webapps.toml`);
//! the zone is read and written as DNS management does ([`super::zone`]): one
//! QueryDNSZoneRRList, then one UpdateDNSZone with the lines to delete and add.
//!
//! An app is connected when all its records are in the zone. Connecting removes first the
//! records the app replaces (the domain's other mail servers, another SPF record) and adds only
//! the missing ones; the page lists what it would remove before the button.

use super::client_area::{fail, form, form_text, page};
use super::domain::domain_name;
use super::flow::{Flow, Interrupt};
use super::settings::yes;
use super::texts::Lang;
use super::zone::{apply, listing, zone_of};
use crate::dns::record::{parse_line, txt_data, txt_text, Record};
use crate::dns::{Zone, ZoneChange};
use serde::Deserialize;
use serde_json::{json, Value};

type Outcome = Result<Value, Interrupt>;

const APPS: &str = include_str!("webapps.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    app: Vec<App>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct App {
    id: String,
    name: String,
    #[serde(default)]
    replaces: Vec<Replaced>,
    record: Vec<Wanted>,
}

/// A kind of record the app replaces when it is connected.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Replaced {
    #[serde(rename = "type")]
    rtype: String,
    name: String,
    /// For TXT: only records whose text starts with this word (`v=spf1`).
    #[serde(default)]
    first_word: Option<String>,
}

/// A record the app needs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wanted {
    #[serde(rename = "type")]
    rtype: String,
    name: String,
    value: String,
    #[serde(default)]
    priority: Option<u16>,
    ttl: u32,
}

fn apps() -> Result<Vec<App>, String> {
    let table: Table = toml::from_str(APPS).map_err(|e| format!("webapps.toml: {e}"))?;
    Ok(table.app)
}

/// A record as owner name, type and data in one spelling, so that the listed record and the
/// app's record compare equal however the zone spells them (case, relative names, TXT quoting).
fn key(name: &str, rtype: &str, data: &str) -> String {
    format!("{name} {rtype} {data}")
}

/// The key of a listed record of a type apps use; `None` for the others.
fn listed_key(zone: &Zone, r: &Record) -> Option<String> {
    let fields: Vec<&str> = r.data.split_whitespace().collect();
    let data = match (r.rtype.as_str(), fields.as_slice()) {
        ("MX", [preference, target]) => {
            let preference: u16 = preference.parse().ok()?;
            format!("{preference} {}", zone.absolute_listed(target))
        }
        ("CNAME", [target]) => zone.absolute_listed(target),
        ("TXT", _) => txt_text(&r.data)?,
        _ => return None,
    };
    Some(key(&r.name, &r.rtype, &data))
}

/// An app's record in the zone: its key and the line UpdateDNSZone adds.
struct Needed {
    key: String,
    line: String,
    /// The record as the page lists it: host, type, value, priority.
    shown: Value,
}

fn needed(zone: &Zone, w: &Wanted) -> Result<Needed, String> {
    let name = zone.owner(&w.name)?;
    let rtype = w.rtype.to_ascii_uppercase();
    let (compared, data) = match rtype.as_str() {
        "MX" => {
            let priority = w
                .priority
                .ok_or_else(|| format!("the MX record {} has no priority", w.value))?;
            let data = format!("{priority} {}", zone.target(&w.value)?);
            (data.clone(), data)
        }
        "CNAME" => {
            let target = zone.target(&w.value)?;
            (target.clone(), target)
        }
        "TXT" => (w.value.clone(), txt_data(&w.value)),
        other => return Err(format!("the record type {other} is not supported")),
    };
    Ok(Needed {
        key: key(&name, &rtype, &compared),
        line: format!("{name} {} IN {rtype} {data}", w.ttl),
        shown: json!({
            "name": zone.relative(&name),
            "type": rtype,
            "value": w.value,
            "priority": w.priority.map(|p| p.to_string()).unwrap_or_default(),
        }),
    })
}

fn is_replaced(zone: &Zone, rule: &Replaced, r: &Record) -> bool {
    if !r.rtype.eq_ignore_ascii_case(&rule.rtype)
        || zone.owner(&rule.name).ok() != Some(r.name.clone())
    {
        return false;
    }
    match &rule.first_word {
        None => true,
        Some(word) => txt_text(&r.data)
            .and_then(|t| {
                t.split_whitespace()
                    .next()
                    .map(|w| w.eq_ignore_ascii_case(word))
            })
            .unwrap_or(false),
    }
}

/// What the zone holds of one app.
struct Status {
    needed: Vec<Needed>,
    /// For each needed record, the listed line that is it (to delete exactly that line).
    present: Vec<Option<String>>,
    /// Listed lines that connecting removes.
    competing: Vec<String>,
}

impl Status {
    fn of(zone: &Zone, app: &App, lines: &[String]) -> Result<Status, String> {
        let needed = app
            .record
            .iter()
            .map(|w| needed(zone, w))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("webapps.toml, {}: {e}", app.id))?;
        let records: Vec<Record> = lines.iter().filter_map(|l| parse_line(zone, l)).collect();
        let present = needed
            .iter()
            .map(|n| {
                records
                    .iter()
                    .find(|r| listed_key(zone, r).as_deref() == Some(n.key.as_str()))
                    .map(|r| r.line.clone())
            })
            .collect();
        let competing = records
            .iter()
            .filter(|r| {
                let own = listed_key(zone, r).is_some_and(|k| needed.iter().any(|n| n.key == k));
                !own && app.replaces.iter().any(|rule| is_replaced(zone, rule, r))
            })
            .map(|r| r.line.clone())
            .collect();
        Ok(Status {
            needed,
            present,
            competing,
        })
    }

    fn connected(&self) -> bool {
        self.present.iter().all(Option::is_some)
    }

    fn state(&self) -> &'static str {
        if self.connected() {
            "connected"
        } else if self.present.iter().any(Option::is_some) {
            "partly connected"
        } else {
            "not connected"
        }
    }

    /// The one change that connects the app.
    fn connect(&self) -> ZoneChange {
        ZoneChange {
            delete: self.competing.clone(),
            add: self
                .needed
                .iter()
                .zip(&self.present)
                .filter(|(_, present)| present.is_none())
                .map(|(n, _)| n.line.clone())
                .collect(),
        }
    }

    /// The one change that disconnects the app: its records, nothing else.
    fn disconnect(&self) -> ZoneChange {
        ZoneChange {
            delete: self.present.iter().flatten().cloned().collect(),
            add: Vec::new(),
        }
    }
}

/// The zone's listing after a change the API accepted.
fn changed(lines: &[String], change: &ZoneChange) -> Vec<String> {
    lines
        .iter()
        .filter(|l| !change.delete.contains(l))
        .chain(&change.add)
        .cloned()
        .collect()
}

/// The page's rows: each app with its records, its state and what connecting would remove.
fn rows(zone: &Zone, apps: &[App], lines: &[String], lang: &Lang) -> Result<Vec<Value>, Interrupt> {
    apps.iter()
        .map(|app| {
            let status = Status::of(zone, app, lines).map_err(Interrupt::Fail)?;
            let records: Vec<Value> = status
                .needed
                .iter()
                .zip(&status.present)
                .map(|(n, present)| {
                    let mut shown = n.shown.clone();
                    shown["present"] = json!(present.is_some());
                    shown
                })
                .collect();
            let removes: Vec<Value> = status
                .competing
                .iter()
                .filter_map(|l| parse_line(zone, l))
                .map(|r| json!(format!("{} {} {}", zone.relative(&r.name), r.rtype, r.data)))
                .collect();
            let name: &[(&str, &str)] = &[("app", &app.name)];
            Ok(json!({
                "id": app.id,
                "name": app.name,
                "description": lang.text(&description_key(app)),
                "state": lang.text(&format!("webapps_state_{}", status.state().replace(' ', "_"))),
                "removes_intro": lang.fill("webapps_removes", name),
                "connect_label": lang.fill("webapps_connect", name),
                "disconnect_label": lang.fill("webapps_disconnect", name),
                "connected": status.connected(),
                "records": records,
                "removes": removes,
                "can_connect": !status.connect().is_empty(),
                "can_disconnect": !status.disconnect().is_empty(),
            }))
        })
        .collect()
}

/// The text key of an app's description (texts.toml: written once, in four languages).
fn description_key(app: &App) -> String {
    format!("webapps_app_{}", app.id.replace('-', "_"))
}

pub fn web_apps(flow: &mut Flow) -> Outcome {
    page(flow, "webapps", |flow, lang, vars| {
        vars.insert("apps".into(), json!([]));
        if !yes(flow.params, "WebApps", false) {
            return fail(lang.text("webapps_not_offered"));
        }
        let domain = domain_name(flow.params)?;
        let apps = apps().map_err(Interrupt::Fail)?;
        let zone = zone_of(flow)?;
        let Some(lines) = listing(flow, &zone)? else {
            return fail(lang.fill("webapps_no_zone", &[("domain", &domain)]));
        };
        // What the zone holds now; shown as well when the change below fails.
        vars.insert("apps".into(), json!(rows(&zone, &apps, &lines, lang)?));
        let Some(posted) = form(flow) else {
            return Ok(());
        };
        let id = form_text(posted, &["app"]);
        let Some(app) = apps.iter().find(|a| a.id == id) else {
            return fail(lang.text("webapps_choose_app"));
        };
        let status = Status::of(&zone, app, &lines).map_err(Interrupt::Fail)?;
        let names: &[(&str, &str)] = &[("app", &app.name), ("domain", &domain)];
        let (change, done, unchanged) = match form_text(posted, &["action"]).as_str() {
            "connect" => (
                status.connect(),
                lang.fill("webapps_connected", names),
                lang.fill("webapps_already_connected", names),
            ),
            "disconnect" => (
                status.disconnect(),
                lang.fill("webapps_disconnected", names),
                lang.fill("webapps_not_connected", names),
            ),
            _ => return fail(lang.text("webapps_choose_action")),
        };
        if change.is_empty() {
            vars.insert("success".into(), json!(unchanged));
            return Ok(());
        }
        let after = changed(&lines, &change);
        apply(flow, &zone, true, change)?;
        vars.insert("success".into(), json!(done));
        vars.insert("apps".into(), json!(rows(&zone, &apps, &after, lang)?));
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> Zone {
        Zone::new("example.com").unwrap()
    }

    fn lines(ls: &[&str]) -> Vec<String> {
        ls.iter().map(|l| (*l).to_owned()).collect()
    }

    #[test]
    fn every_app_in_the_table_has_records_the_zone_can_take() {
        let apps = apps().unwrap();
        assert!(apps.iter().any(|a| a.id == "google-workspace"));
        let mut ids: Vec<&str> = apps.iter().map(|a| a.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), apps.len(), "ids are unique");
        let texts = &super::super::texts::table().unwrap().texts;
        for app in &apps {
            assert!(!app.record.is_empty(), "{}", app.id);
            assert!(texts.contains_key(&description_key(app)), "{}", app.id);
            let status = Status::of(&zone(), app, &[]).unwrap();
            // Each record it adds is read back as the record it is.
            let after = status.connect().add;
            let status = Status::of(&zone(), app, &after).unwrap();
            assert!(status.connected(), "{}: {after:?}", app.id);
            assert!(status.connect().is_empty(), "{}", app.id);
        }
    }

    #[test]
    fn records_match_however_the_zone_spells_them() {
        let apps = apps().unwrap();
        let google = apps.iter().find(|a| a.id == "google-workspace").unwrap();
        let listed = lines(&[
            "@ 300 IN MX 1 SMTP.Google.com.",
            "example.com. 3600 IN TXT \"v=spf1 include:_spf.google.com \" \"~all\"",
        ]);
        let status = Status::of(&zone(), google, &listed).unwrap();
        assert!(status.connected());
        assert_eq!(status.disconnect().delete, listed);
    }

    #[test]
    fn connecting_replaces_competing_mail_records_only() {
        let apps = apps().unwrap();
        let google = apps.iter().find(|a| a.id == "google-workspace").unwrap();
        let listed = lines(&[
            "example.com. 3600 IN MX 10 mail.example.com.",
            "example.com. 3600 IN TXT \"v=spf1 mx -all\"",
            "example.com. 3600 IN TXT \"v=spf10 is another word\"",
            "example.com. 3600 IN TXT \"google-site-verification=abc\"",
            "sub.example.com. 3600 IN MX 10 mail.example.com.",
            "example.com. 3600 IN MX 1 smtp.google.com.",
        ]);
        let status = Status::of(&zone(), google, &listed).unwrap();
        assert_eq!(status.state(), "partly connected");
        let change = status.connect();
        assert_eq!(change.delete, listed[..2].to_vec());
        assert_eq!(
            change.add,
            vec!["example.com. 3600 IN TXT \"v=spf1 include:_spf.google.com ~all\"".to_owned()]
        );
        assert_eq!(
            status.disconnect().delete,
            vec!["example.com. 3600 IN MX 1 smtp.google.com.".to_owned()]
        );
    }

    #[test]
    fn unsupported_or_incomplete_records_in_the_data_are_errors() {
        let z = zone();
        let bad = |rtype: &str, priority| Wanted {
            rtype: rtype.into(),
            name: "@".into(),
            value: "x.example.net".into(),
            priority,
            ttl: 3600,
        };
        assert!(needed(&z, &bad("A", None)).is_err());
        assert!(needed(&z, &bad("MX", None)).is_err());
        let cname = needed(
            &z,
            &Wanted {
                name: "mail".into(),
                ..bad("CNAME", None)
            },
        )
        .unwrap();
        assert_eq!(cname.line, "mail.example.com. 3600 IN CNAME x.example.net.");
        let listed = parse_line(&z, "mail 60 CNAME X.example.net.").unwrap();
        assert_eq!(listed_key(&z, &listed).unwrap(), cname.key);
    }
}
