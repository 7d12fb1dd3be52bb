//! Contacts: AddContact, ModifyContact, StatusContact, QueryContactList.

use super::transfer::wildcard;
use super::{new_auth, scope, Ctx, Outcome, Page};
use crate::clock::format;
use crate::model::Contact;
use crate::protocol::Params;
use crate::reply::Reply;

const FIELDS: &[&str] = &[
    "TITLE",
    "FIRSTNAME",
    "MIDDLENAME",
    "LASTNAME",
    "ORGANIZATION",
    "CITY",
    "STATE",
    "ZIP",
    "COUNTRY",
    "PHONE",
    "FAX",
    "EMAIL",
    "VATID",
    "IDNUMBER",
    "IDAUTHORITY",
];

fn streets(p: &Params) -> Vec<String> {
    p.list("STREET")
}

fn set_fields(c: &mut Contact, p: &Params) -> Result<(), Reply> {
    for f in FIELDS {
        if let Some(v) = p.raw(f) {
            c.fields.insert((*f).to_owned(), v.trim().to_owned());
        }
    }
    if let Some(name) = p.get("NAME") {
        // NAME alone is "First Last"; it fills the parts that were not given.
        let (first, last) = name.trim().split_once(' ').unwrap_or((name.trim(), ""));
        c.fields
            .entry("FIRSTNAME".into())
            .or_insert_with(|| first.to_owned());
        c.fields
            .entry("LASTNAME".into())
            .or_insert_with(|| last.to_owned());
    }
    for (k, v) in p.iter().filter(|(k, _)| k.starts_with("X-")) {
        c.fields.insert(k.to_owned(), v.to_owned());
    }
    if p.has_list("STREET") {
        c.street = streets(p);
    }
    if let Some(country) = c.fields.get("COUNTRY") {
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(Reply::detail(541, "COUNTRY must be a two-letter code"));
        }
        let upper = country.to_ascii_uppercase();
        c.fields.insert("COUNTRY".into(), upper);
    }
    if let Some(email) = c.fields.get("EMAIL") {
        if !email.contains('@') || email.contains(char::is_whitespace) {
            return Err(Reply::detail(541, "EMAIL is not an email address"));
        }
    }
    Ok(())
}

fn field(c: &Contact, key: &str) -> String {
    c.fields.get(key).cloned().unwrap_or_default()
}

fn display_name(c: &Contact) -> String {
    [
        field(c, "FIRSTNAME"),
        field(c, "MIDDLENAME"),
        field(c, "LASTNAME"),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
}

/// AddContact: reuses an identical contact of the user unless NEW=1, as the API does.
pub fn add_contact(ctx: &mut Ctx, p: &Params) -> Outcome {
    let has_name =
        p.get("NAME").is_some() || (p.get("FIRSTNAME").is_some() && p.get("LASTNAME").is_some());
    if !has_name && p.get("ORGANIZATION").is_none() {
        return Err(Reply::detail(
            504,
            "parameter FIRSTNAME/LASTNAME (or NAME) is missing",
        ));
    }
    if streets(p).is_empty() {
        return Err(Reply::detail(504, "parameter STREET is missing"));
    }
    for key in ["CITY", "ZIP", "COUNTRY", "PHONE", "EMAIL"] {
        p.require(key)?;
    }
    let mut c = Contact {
        owner: ctx.user.login.clone(),
        created: ctx.now,
        updated: ctx.now,
        ..Contact::default()
    };
    set_fields(&mut c, p)?;
    if !p.flag("NEW")?.unwrap_or(false) {
        let existing = ctx
            .store
            .contacts_of(std::slice::from_ref(&ctx.user.login))?;
        if let Some(same) = existing
            .iter()
            .find(|e| e.fields == c.fields && e.street == c.street)
        {
            return Ok(Reply::ok()
                .with("CONTACT", same.handle.clone())
                .with("NEW", "0")
                .with("STATUS", "ACTIVE"));
        }
    }
    let initial = |k: &str| {
        c.fields
            .get(k)
            .and_then(|v| v.chars().find(|ch| ch.is_ascii_alphabetic()))
            .map(|ch| ch.to_ascii_uppercase())
            .unwrap_or('X')
    };
    let seq = ctx.store.next_seq("contact")?;
    c.handle = format!(
        "P-{}{}{}{}",
        initial("FIRSTNAME"),
        initial("LASTNAME"),
        initial("CITY"),
        1000 + seq
    );
    c.auth = new_auth(ctx, &c.handle);
    ctx.store.put_contact(&c)?;
    Ok(Reply::ok()
        .with("CONTACT", c.handle)
        .with("NEW", "1")
        .with("STATUS", "ACTIVE"))
}

fn own_contact(ctx: &Ctx, handle: &str) -> Result<Contact, Reply> {
    let users = scope(ctx)?;
    match ctx.store.contact(handle.trim())? {
        Some(c) if users.contains(&c.owner) => Ok(c),
        _ => Err(Reply::detail(
            545,
            format!(
                "contact {} not found",
                handle.chars().take(40).collect::<String>()
            ),
        )),
    }
}

pub fn modify_contact(ctx: &mut Ctx, p: &Params) -> Outcome {
    let mut c = own_contact(ctx, p.require("CONTACT")?)?;
    set_fields(&mut c, p)?;
    if let Some(auth) = p.get("AUTH") {
        c.auth = auth.to_owned();
    }
    c.updated = ctx.now;
    ctx.store.put_contact(&c)?;
    Ok(Reply::ok())
}

pub fn status_contact(ctx: &mut Ctx, p: &Params) -> Outcome {
    let c = own_contact(ctx, p.require("CONTACT")?)?;
    let mut r = Reply::ok();
    r.push("AUTH", c.auth.clone());
    r.push("CITY", field(&c, "CITY"));
    r.push("CLASS", "CONTACT");
    r.push("COUNTRY", field(&c, "COUNTRY"));
    r.push("CREATEDBY", c.owner.clone());
    r.push("CREATEDDATE", format(c.created));
    r.push("DESCRIPTION", c.handle.clone());
    r.push("EMAIL", field(&c, "EMAIL"));
    r.push("FAX", field(&c, "FAX"));
    r.push("FIRSTNAME", field(&c, "FIRSTNAME"));
    r.push("ID", c.handle.clone());
    r.push("LASTNAME", field(&c, "LASTNAME"));
    r.push("MIDDLENAME", field(&c, "MIDDLENAME"));
    r.push("NAME", display_name(&c));
    r.push("ORGANIZATION", field(&c, "ORGANIZATION"));
    r.push("PEERUSER", "");
    r.push("PHONE", field(&c, "PHONE"));
    r.push("REGISTRAR", "SYSTEM");
    r.push("STATE", field(&c, "STATE"));
    r.push("STATUS", "ACTIVE");
    r.extend("STREET", c.street.clone());
    r.push("TITLE", field(&c, "TITLE"));
    r.push("TRANSFERDATE", "0000-00-00 00:00:00");
    r.push("UPDATEDBY", c.owner.clone());
    r.push("UPDATEDDATE", format(c.updated));
    r.push("USER", c.owner.clone());
    r.push("ZIP", field(&c, "ZIP"));
    for (k, v) in c.fields.iter().filter(|(k, _)| k.starts_with("X-")) {
        r.push(k, v.clone());
    }
    if ctx.flavour == crate::protocol::Flavour::Cnr {
        use super::verification::{CNR_REQUESTED, CNR_VERIFIED};
        for k in [CNR_REQUESTED, CNR_VERIFIED] {
            r.push(k, c.fields.get(k).cloned().unwrap_or_else(|| "0".into()));
        }
    }
    Ok(r)
}

pub fn query_contact_list(ctx: &mut Ctx, p: &Params) -> Outcome {
    let users = match p
        .get("USERDEPTH")
        .map(|s| s.trim().to_ascii_uppercase())
        .as_deref()
    {
        None | Some("SELF") => vec![ctx.user.login.clone()],
        Some("SUBUSER") => ctx.store.children(&ctx.user.login)?,
        Some("ALL") => scope(ctx)?,
        Some(_) => return Err(Reply::detail(506, "USERDEPTH must be SELF, SUBUSER or ALL")),
    };
    let page = Page::from(p, 1000)?;
    let wide = p.flag("WIDE")?.unwrap_or(false);
    let mut all = ctx.store.contacts_of(&users)?;
    if let Some(pattern) = p.get("CONTACT") {
        let pattern = pattern.trim().to_ascii_uppercase();
        all.retain(|c| wildcard(&pattern, &c.handle.to_ascii_uppercase()));
    }
    for key in FIELDS {
        if let Some(pattern) = p.get(key) {
            let pattern = pattern.trim().to_lowercase();
            all.retain(|c| wildcard(&pattern, &field(c, key).to_lowercase()));
        }
    }
    let rows: Vec<&Contact> = all.iter().skip(page.first).take(page.limit).collect();
    let mut r = Reply::ok();
    page.write(&mut r, rows.len(), all.len());
    for c in rows {
        r.push("CONTACT", c.handle.clone());
        if wide {
            r.push("CONTACTCITY", field(c, "CITY"));
            r.push("CONTACTCOUNTRY", field(c, "COUNTRY"));
            r.push("CONTACTCREATEDDATE", format(c.created));
            r.push("CONTACTEMAIL", field(c, "EMAIL"));
            r.push("CONTACTFAX", field(c, "FAX"));
            r.push("CONTACTFIRSTNAME", field(c, "FIRSTNAME"));
            r.push("CONTACTLASTNAME", field(c, "LASTNAME"));
            r.push("CONTACTMIDDLENAME", field(c, "MIDDLENAME"));
            r.push("CONTACTORGANIZATION", field(c, "ORGANIZATION"));
            r.push("CONTACTPHONE", field(c, "PHONE"));
            r.push("CONTACTSTATE", field(c, "STATE"));
            r.push("CONTACTSTATUS", "ACTIVE");
            r.push("CONTACTSTREET", c.street.join(" "));
            r.push("CONTACTTITLE", field(c, "TITLE"));
            r.push("CONTACTUPDATEDDATE", format(c.updated));
            r.push("CONTACTZIP", field(c, "ZIP"));
            r.push("PARENTUSER", "");
            r.push("PEERUSER", "");
            r.push("USER", c.owner.clone());
        }
    }
    Ok(r)
}
