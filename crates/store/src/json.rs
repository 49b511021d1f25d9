//! Compact JSON for stored documents, byte for byte what `serde_json::to_string` writes,
//! only faster: it writes into a `String` (no UTF-8 check of the result) and copies a string
//! without escapes in one piece after a check the compiler vectorises, where serde_json looks
//! up every byte in a table. Encoding was an eighth of bulk ingest on one core. Equality with
//! serde_json is tested on every record of the real data (`tests/json.rs`) and below.

use serde::ser::{self, Serialize};
use std::fmt::{self, Display};

/// The document of `value`, as `serde_json::to_string` would write it.
pub fn to_string<T: Serialize + ?Sized>(value: &T, capacity: usize) -> Result<String, Error> {
    let mut out = Json { out: String::with_capacity(capacity) };
    value.serialize(&mut out)?;
    Ok(out.out)
}

/// Why a value could not be written (a map key that is not a string or number, or an error
/// a `Serialize` implementation raised).
#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

struct Json {
    out: String,
}

impl Json {
    fn string(&mut self, s: &str) {
        self.out.push('"');
        if needs_escape(s.as_bytes()) {
            escape_into(&mut self.out, s);
        } else {
            self.out.push_str(s);
        }
        self.out.push('"');
    }

    fn integer(&mut self, n: impl itoa::Integer) {
        self.out.push_str(itoa::Buffer::new().format(n));
    }
}

/// Whether any byte must be escaped (a control character, `"` or `\`). Strings of sixteen
/// bytes or more go sixteen at a time without early exit, so that it compiles to vector
/// compares, and end with their last sixteen bytes (overlapping). Shorter ones, most of
/// them, are one or two overlapping words tested all at once: a byte-by-byte tail loop was
/// most of this function's time.
fn needs_escape(bytes: &[u8]) -> bool {
    if let Some(last) = bytes.last_chunk::<16>() {
        let (chunks, _) = bytes.as_chunks::<16>();
        return chunks.iter().any(chunk_needs_escape) || chunk_needs_escape(last);
    }
    let word = |b: &[u8; 8]| u64::from_le_bytes(*b);
    let half = |b: &[u8; 4]| u64::from(u32::from_le_bytes(*b));
    match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>(), bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (Some(a), Some(b), _, _) => word_needs_escape(word(a)) || word_needs_escape(word(b)),
        (_, _, Some(a), Some(b)) => word_needs_escape(half(a) | half(b) << 32),
        _ => bytes.iter().copied().any(is_escaped),
    }
}

fn chunk_needs_escape(chunk: &[u8; 16]) -> bool {
    chunk.iter().fold(false, |any, &b| any | is_escaped(b))
}

/// A control character, `"` or `\`: the bytes JSON strings escape.
fn is_escaped(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Whether a byte of `x` is below 0x20, `"` or `\`, eight at a time ("Bit Twiddling Hacks":
/// `hasless` and `haszero`). A borrow starts only at a byte that matches, so there are no
/// false positives, and bytes of 0x80 and over (multibyte UTF-8) never match.
fn word_needs_escape(x: u64) -> bool {
    let below = |n: u64| x.wrapping_sub(LOW_BITS * n) & !x & HIGH_BITS != 0;
    let has_zero = |y: u64| y.wrapping_sub(LOW_BITS) & !y & HIGH_BITS != 0;
    below(0x20) || has_zero(x ^ (LOW_BITS * u64::from(b'"'))) || has_zero(x ^ (LOW_BITS * u64::from(b'\\')))
}

/// serde_json's escapes: the short forms for `\b \t \n \f \r " \`, `\u00xx` (lowercase hex)
/// for the other control characters, everything else as it is.
fn escape_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut run_start = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x09 => "\\t",
            0x0a => "\\n",
            0x0c => "\\f",
            0x0d => "\\r",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run_start..i]);
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        } else {
            out.push_str(short);
        }
        run_start = i + 1;
    }
    out.push_str(&s[run_start..]);
}

/// An array or object being written: whether an element has been written yet (for commas)
/// and whether it closes a `{"variant": …}` wrapper too.
struct Compound<'a> {
    json: &'a mut Json,
    first: bool,
    variant: bool,
}

impl<'a> Compound<'a> {
    fn open(json: &'a mut Json, bracket: char, variant: bool) -> Compound<'a> {
        json.out.push(bracket);
        Compound { json, first: true, variant }
    }

    fn comma(&mut self) {
        if !self.first {
            self.json.out.push(',');
        }
        self.first = false;
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.comma();
        self.json.string(key);
        self.json.out.push(':');
        value.serialize(&mut *self.json)
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.json)
    }

    fn close(self, bracket: char) -> Result<(), Error> {
        self.json.out.push(bracket);
        if self.variant {
            self.json.out.push('}');
        }
        Ok(())
    }
}

/// Writes `{"variant":` before a variant's content.
fn variant_key<'a>(json: &'a mut Json, variant: &str) -> &'a mut Json {
    json.out.push('{');
    json.string(variant);
    json.out.push(':');
    json
}

impl<'a> ser::Serializer for &'a mut Json {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.integer(v);
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.integer(v);
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.integer(v);
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.integer(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.integer(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.integer(v);
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.integer(v);
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.integer(v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.integer(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.integer(v);
        Ok(())
    }
    // Floats are rare in documents (none in a right today): serde_json writes them, so that
    // its formatting (shortest round trip, `null` for NaN) stays the one rule.
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.out.push_str(&serde_json::to_string(&v).map_err(ser::Error::custom)?);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.out.push_str(&serde_json::to_string(&v).map_err(ser::Error::custom)?);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = Compound::open(self, '[', false);
        for b in v {
            seq.element(b)?;
        }
        seq.close(']')
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(&mut *variant_key(self, variant))?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self, '[', false))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self, '[', false))
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self, '[', false))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(variant_key(self, variant), '[', true))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self, '{', false))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self, '{', false))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(variant_key(self, variant), '{', true))
    }
}

/// The array-like compounds: each element after a comma, then `]`.
macro_rules! array_like {
    ($($trait:ident :: $method:ident),*) => {
        $(impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                self.close(']')
            }
        })*
    };
}

array_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(MapKey(&mut *self.json))?;
        self.json.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.json)
    }
    fn end(self) -> Result<(), Error> {
        self.close('}')
    }
}

/// The object-like compounds: `"key":value` after a comma, then `}`.
macro_rules! object_like {
    ($($trait:ident),*) => {
        $(impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                self.close('}')
            }
        })*
    };
}

object_like!(SerializeStruct, SerializeStructVariant);

/// A map key: strings as they are, numbers, booleans and characters quoted (as serde_json
/// does); anything else is an error.
struct MapKey<'a>(&'a mut Json);

impl MapKey<'_> {
    /// A finite float key, quoted and formatted as serde_json formats the number.
    fn float<F: Serialize>(self, v: F, finite: bool) -> Result<(), Error> {
        if !finite {
            return Err(Error("float key must be finite (got NaN or +/-inf)".into()));
        }
        self.0.out.push('"');
        self.0.out.push_str(&serde_json::to_string(&v).map_err(ser::Error::custom)?);
        self.0.out.push('"');
        Ok(())
    }
}

fn key_must_be_a_string() -> Error {
    Error("key must be a string".into())
}

macro_rules! quoted_key {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<(), Error> {
            self.0.out.push('"');
            self.0.integer(v);
            self.0.out.push('"');
            Ok(())
        })*
    };
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    quoted_key!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64, serialize_i128: i128,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_u128: u128);

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.0.string(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v, v.is_finite())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v, v.is_finite())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.0.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.string(v);
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.0.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{needs_escape, to_string};
    use serde::Serialize;
    use std::collections::BTreeMap;

    fn same_as_serde_json<T: Serialize>(value: &T) {
        assert_eq!(to_string(value, 0).unwrap(), serde_json::to_string(value).unwrap());
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        Struct { a: Option<bool>, b: Vec<u16> },
    }

    #[derive(Serialize)]
    #[serde(tag = "type")]
    enum Tagged {
        One { x: i64 },
    }

    #[test]
    fn every_escape_and_shape_matches_serde_json() {
        let all_controls: String = (0u8..0x20).map(char::from).collect();
        for s in [
            "",
            "plain",
            "引号\"和\\反斜杠",
            &all_controls,
            "\u{7f}\u{80}é𝄞",
            "exactly sixteen!",
            "sixteen and then a quote\"",
        ] {
            same_as_serde_json(&s);
        }
        same_as_serde_json(&vec![Shape::Unit, Shape::Newtype(7), Shape::Tuple(-3, "t".into())]);
        same_as_serde_json(&Shape::Struct { a: Some(true), b: vec![1, 2] });
        same_as_serde_json(&Shape::Struct { a: None, b: vec![] });
        same_as_serde_json(&Tagged::One { x: i64::MIN });
        same_as_serde_json(&BTreeMap::from([("k\n", 1u64), ("", u64::MAX)]));
        same_as_serde_json(&BTreeMap::from([(3u8, 'c'), (4, '"')]));
        same_as_serde_json(&BTreeMap::from([(Some('k'), 1u8)]));
        same_as_serde_json(&BTreeMap::from([(true, ())]));
        same_as_serde_json(&(1.5f64, f64::NAN, 1e300f64, -0.0f32));
        same_as_serde_json(&(Option::<u8>::None, (), 'x', u128::MAX, i128::MIN));
    }

    /// The vector check has three paths (whole chunks, the overlapping last chunk, the
    /// padded short string): every length up to three chunks, with each escapable byte at
    /// every position, and plain multibyte text.
    #[test]
    fn an_escapable_byte_is_found_at_every_position_and_length() {
        for len in 0..48 {
            let plain = "a".repeat(len);
            same_as_serde_json(&plain);
            for at in 0..len {
                for bad in ['"', '\\', '\n', '\u{1}', '\u{1f}'] {
                    let mut s = plain.clone();
                    s.replace_range(at..=at, &bad.to_string());
                    same_as_serde_json(&s);
                }
            }
        }
        // No false positives: every other ASCII byte (0x20 and 0x7f included) at every
        // position of every short length, and multibyte text of every length.
        for len in 1..20 {
            for at in 0..len {
                for ok in (0x20u8..0x80).filter(|&b| b != b'"' && b != b'\\') {
                    let mut s = "a".repeat(len);
                    s.replace_range(at..=at, &char::from(ok).to_string());
                    assert!(!needs_escape(s.as_bytes()), "{s:?}");
                }
            }
        }
        let han = "甘肃省兰州市城关区天水南路222号";
        for end in (0..=han.len()).filter(|&i| han.is_char_boundary(i)) {
            assert!(!needs_escape(&han.as_bytes()[..end]));
        }
    }

    #[test]
    fn a_key_that_is_not_a_string_is_an_error() {
        let map = BTreeMap::from([(vec![1u8], 1u8)]);
        assert!(to_string(&map, 0).is_err());
        assert!(serde_json::to_string(&map).is_err());
    }

    /// Float keys (no `Ord`, so written by hand as a map): quoted when finite, else an error.
    struct FloatKeys(Vec<(f64, f32)>);

    impl Serialize for FloatKeys {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(Some(self.0.len() * 2))?;
            for (a, b) in &self.0 {
                map.serialize_entry(a, &1u8)?;
                map.serialize_entry(b, &2u8)?;
            }
            map.end()
        }
    }

    #[test]
    fn float_keys_follow_serde_json() {
        same_as_serde_json(&FloatKeys(vec![(1.5, 1.1), (-0.0, 3e-7), (1e300, f32::MAX)]));
        let infinite = FloatKeys(vec![(f64::INFINITY, 0.0)]);
        assert!(to_string(&infinite, 0).is_err());
        assert!(serde_json::to_string(&infinite).is_err());
    }
}
