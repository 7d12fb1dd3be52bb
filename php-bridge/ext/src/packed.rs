//! The extension's calls without JSON: PHP arrays are written as MessagePack for the core's
//! `core_call_packed`, and its MessagePack envelope is read straight into PHP arrays. It
//! follows `json_encode` / `json_decode($json, true)`, which the FFI path and the npm package
//! still use, so that both paths hand PHP the same arrays.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::DataType;
use ext_php_rs::types::{ArrayKey, ZendHashTable, ZendStr, Zval};
use rmp::Marker;

/// As deep as `json_encode` and `json_decode` go by default.
const MAX_DEPTH: usize = 512;

/// Why arguments could not be written: the caller's mistake, not the core's.
pub struct BadArgs(pub String);

/// The arguments of a call as a MessagePack map (an empty array is an empty map, as the JSON
/// path sends `{}`); a list, a resource, a closure, NaN or infinity is refused.
pub fn encode_args(args: &Zval) -> Result<Vec<u8>, BadArgs> {
    let mut out = Vec::with_capacity(256);
    let args = args.dereference();
    match args.array() {
        Some(table) if table.is_empty() => out.push(0x80),
        Some(table) if is_list(table) => {
            return Err(BadArgs(
                "ispapi core: arguments must be named fields, not a list".into(),
            ))
        }
        _ => write_value(&mut out, args, 0)?,
    }
    Ok(out)
}

fn write_value(out: &mut Vec<u8>, value: &Zval, depth: usize) -> Result<(), BadArgs> {
    if depth > MAX_DEPTH {
        return Err(BadArgs(format!(
            "ispapi core: the arguments are nested deeper than {MAX_DEPTH} levels"
        )));
    }
    let value = value.dereference();
    // Writing to a Vec cannot fail.
    match value.get_type() {
        DataType::Null | DataType::Undef => out.push(0xc0),
        DataType::False => out.push(0xc2),
        DataType::True => out.push(0xc3),
        DataType::Long => {
            let _ = rmp::encode::write_sint(out, value.long().unwrap_or_default());
        }
        DataType::Double => {
            let number = value.double().unwrap_or_default();
            if !number.is_finite() {
                return Err(BadArgs(
                    "ispapi core: the arguments hold NaN or infinity, which no core function takes"
                        .into(),
                ));
            }
            let _ = rmp::encode::write_f64(out, number);
        }
        DataType::String => {
            let bytes = value.zend_str().map(|s| s.as_bytes()).unwrap_or_default();
            write_text(out, bytes);
        }
        DataType::Array => {
            let table = value.array().ok_or_else(unreadable)?;
            write_table(out, table, is_list(table), depth)?;
        }
        DataType::Object(_) => {
            // A plain object is its properties, always a map ({} stays {}), as json_encode.
            let object = value.object().ok_or_else(unreadable)?;
            let properties = object.get_properties().map_err(|_| unreadable())?;
            write_table(out, properties, false, depth)?;
        }
        other => {
            return Err(BadArgs(format!(
                "ispapi core: the arguments hold a {other}, which cannot be passed to the core"
            )))
        }
    }
    Ok(())
}

/// A PHP string as a MessagePack string. Invalid UTF-8 becomes U+FFFD, as json_encode's
/// JSON_INVALID_UTF8_SUBSTITUTE does; valid text (nearly always) is checked by the fast
/// validator and copied once.
fn write_text(out: &mut Vec<u8>, bytes: &[u8]) {
    let _ = match std::str::from_utf8(bytes) {
        Ok(text) => rmp::encode::write_str(out, text),
        Err(_) => rmp::encode::write_str(out, &String::from_utf8_lossy(bytes)),
    };
}

fn unreadable() -> BadArgs {
    BadArgs("ispapi core: a value of the arguments could not be read".into())
}

fn write_table(
    out: &mut Vec<u8>,
    table: &ZendHashTable,
    as_list: bool,
    depth: usize,
) -> Result<(), BadArgs> {
    let len = u32::try_from(table.len()).map_err(|_| unreadable())?;
    let _ = if as_list {
        rmp::encode::write_array_len(out, len)
    } else {
        rmp::encode::write_map_len(out, len)
    };
    let mut entries = table.iter();
    while let Some((key, value)) = entries.next_zval() {
        if !as_list {
            match key.long() {
                Some(index) => {
                    let _ = rmp::encode::write_str(out, &index.to_string());
                }
                None => write_text(
                    out,
                    key.zend_str().map(|s| s.as_bytes()).unwrap_or_default(),
                ),
            }
        }
        write_value(out, value, depth + 1)?;
    }
    Ok(())
}

/// PHP's `array_is_list`: keys 0, 1, 2 … in order.
fn is_list(table: &ZendHashTable) -> bool {
    let mut entries = table.iter();
    let mut expected = 0i64;
    while let Some((key, _)) = entries.next_zval() {
        if key.long() != Some(expected) {
            return false;
        }
        expected += 1;
    }
    true
}

/// The core's MessagePack envelope as a PHP array (`json_decode($json, true)`'s shape), or
/// why it is not one.
pub fn decode_envelope(bytes: &[u8]) -> Result<ZBox<ZendHashTable>, String> {
    let mut reader = Reader { bytes, at: 0 };
    let value = reader.value(0)?;
    if reader.at != bytes.len() {
        return Err(format!(
            "{} bytes follow the envelope",
            bytes.len() - reader.at
        ));
    }
    match value {
        Read::Table(table) => Ok(table),
        Read::Scalar(_) => Err("the envelope is not a map".into()),
    }
}

enum Read {
    Table(ZBox<ZendHashTable>),
    Scalar(Zval),
}

impl Read {
    fn into_zval(self) -> Zval {
        match self {
            Read::Table(table) => {
                let mut zval = Zval::new();
                zval.set_hashtable(table);
                zval
            }
            Read::Scalar(zval) => zval,
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(len)
            .filter(|end| *end <= self.bytes.len())
            .ok_or("the envelope ends in the middle of a value")?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn uint(&mut self, width: usize) -> Result<u64, String> {
        Ok(self
            .take(width)?
            .iter()
            .fold(0u64, |n, byte| (n << 8) | u64::from(*byte)))
    }

    fn value(&mut self, depth: usize) -> Result<Read, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "the envelope is nested deeper than {MAX_DEPTH} levels"
            ));
        }
        let marker = Marker::from_u8(self.take(1)?[0]);
        let mut zval = Zval::new();
        match marker {
            Marker::Null => zval.set_null(),
            Marker::False => zval.set_bool(false),
            Marker::True => zval.set_bool(true),
            Marker::FixPos(n) => zval.set_long(i64::from(n)),
            Marker::FixNeg(n) => zval.set_long(i64::from(n)),
            Marker::U8 => zval.set_long(self.uint(1)? as i64),
            Marker::U16 => zval.set_long(self.uint(2)? as i64),
            Marker::U32 => zval.set_long(self.uint(4)? as i64),
            // Beyond PHP's integers: a float, as json_decode gives.
            Marker::U64 => match self.uint(8)? {
                n if n <= i64::MAX as u64 => zval.set_long(n as i64),
                n => zval.set_double(n as f64),
            },
            Marker::I8 => zval.set_long(i64::from(self.uint(1)? as u8 as i8)),
            Marker::I16 => zval.set_long(i64::from(self.uint(2)? as u16 as i16)),
            Marker::I32 => zval.set_long(i64::from(self.uint(4)? as u32 as i32)),
            Marker::I64 => zval.set_long(self.uint(8)? as i64),
            Marker::F32 => zval.set_double(f64::from(f32::from_bits(self.uint(4)? as u32))),
            Marker::F64 => zval.set_double(f64::from_bits(self.uint(8)?)),
            Marker::FixStr(len) => self.string(&mut zval, usize::from(len))?,
            Marker::Str8 | Marker::Bin8 => {
                let len = self.uint(1)? as usize;
                self.string(&mut zval, len)?
            }
            Marker::Str16 | Marker::Bin16 => {
                let len = self.uint(2)? as usize;
                self.string(&mut zval, len)?
            }
            Marker::Str32 | Marker::Bin32 => {
                let len = self.uint(4)? as usize;
                self.string(&mut zval, len)?
            }
            Marker::FixArray(len) => return self.list(usize::from(len), depth),
            Marker::Array16 => {
                let len = self.uint(2)? as usize;
                return self.list(len, depth);
            }
            Marker::Array32 => {
                let len = self.uint(4)? as usize;
                return self.list(len, depth);
            }
            Marker::FixMap(len) => return self.map(usize::from(len), depth),
            Marker::Map16 => {
                let len = self.uint(2)? as usize;
                return self.map(len, depth);
            }
            Marker::Map32 => {
                let len = self.uint(4)? as usize;
                return self.map(len, depth);
            }
            other => {
                return Err(format!(
                    "the envelope holds an unsupported value ({other:?})"
                ))
            }
        }
        Ok(Read::Scalar(zval))
    }

    /// A PHP string of the bytes as they are: PHP strings are bytes, and the core writes only
    /// UTF-8 (checking it again was 5 % of a large call).
    fn string(&mut self, zval: &mut Zval, len: usize) -> Result<(), String> {
        let bytes = self.take(len)?;
        zval.set_zend_string(ZendStr::new(bytes, false));
        Ok(())
    }

    /// Room for `len` entries is reserved only as far as the bytes left could hold them (one
    /// byte each at least), so a forged length cannot make PHP allocate without bound.
    fn capacity(&self, len: usize) -> u32 {
        let left = self.bytes.len() - self.at;
        u32::try_from(len.min(left)).unwrap_or(u32::MAX)
    }

    fn list(&mut self, len: usize, depth: usize) -> Result<Read, String> {
        let mut table = ZendHashTable::with_capacity(self.capacity(len));
        for _ in 0..len {
            let value = self.value(depth + 1)?.into_zval();
            table.push(value).map_err(|e| e.to_string())?;
        }
        Ok(Read::Table(table))
    }

    fn map(&mut self, len: usize, depth: usize) -> Result<Read, String> {
        let mut table = ZendHashTable::with_capacity(self.capacity(len.saturating_mul(2)) / 2);
        for _ in 0..len {
            let key = match Marker::from_u8(self.take(1)?[0]) {
                Marker::FixStr(n) => usize::from(n),
                Marker::Str8 => self.uint(1)? as usize,
                Marker::Str16 => self.uint(2)? as usize,
                Marker::Str32 => self.uint(4)? as usize,
                _ => return Err("the envelope holds a map key that is not a string".into()),
            };
            let key = self.take(key)?;
            let key = std::str::from_utf8(key)
                .map_err(|_| "the envelope holds a map key that is not UTF-8")?;
            let value = self.value(depth + 1)?.into_zval();
            // "12" becomes the integer key 12, as in any PHP array.
            table
                .insert(ArrayKey::from(key), value)
                .map_err(|e| e.to_string())?;
        }
        Ok(Read::Table(table))
    }
}
