//! The `.clk` file: what one partner hands another.
//!
//! ```text
//! magic        8 bytes  "CRDR-CLK"
//! version      u16 LE   1
//! bits         u32 LE   bits per encoding, a multiple of 64
//! fingerprint  32 bytes SHA-256 of the schema's canonical text
//! pair length  u8       then the pair label (two agency codes, ASCII), may be empty
//! count        u64 LE   records
//! per record   u16 LE id length, the id (UTF-8), bits/8 bytes of encoding (u64 LE words)
//! ```
//!
//! Nothing else: no key, no key check value, no plaintext, no schema text
//! beyond its hash. The reader takes any bytes and never panics (fuzzed in
//! `fuzz/`); it refuses anything that is not exactly this layout.

use std::collections::HashSet;

pub const MAGIC: &[u8; 8] = b"CRDR-CLK";
pub const VERSION: u16 = 1;
/// Longest encoding a file may declare: 65,536 bits.
pub const MAX_BITS: u32 = 1 << 16;

/// The encodings of one side, as written to and read from a `.clk` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClkFile {
    pub bits: u32,
    pub fingerprint: [u8; 32],
    pub pair: String,
    pub ids: Vec<String>,
    /// `ids.len() × bits/64` words, record after record.
    pub words: Vec<u64>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("byte {offset}: {what}")]
pub struct ClkError {
    pub offset: usize,
    pub what: String,
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], ClkError> {
        if self.bytes.len() - self.at < n {
            return Err(ClkError {
                offset: self.at,
                what: format!(
                    "the file ends inside {what} ({n} bytes needed, {} left); it is truncated or not a .clk file",
                    self.bytes.len() - self.at
                ),
            });
        }
        let s = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }

    fn u16(&mut self, what: &str) -> Result<u16, ClkError> {
        Ok(u16::from_le_bytes(
            self.take(2, what)?.try_into().expect("2"),
        ))
    }

    fn u32(&mut self, what: &str) -> Result<u32, ClkError> {
        Ok(u32::from_le_bytes(
            self.take(4, what)?.try_into().expect("4"),
        ))
    }

    fn u64(&mut self, what: &str) -> Result<u64, ClkError> {
        Ok(u64::from_le_bytes(
            self.take(8, what)?.try_into().expect("8"),
        ))
    }

    fn fail<T>(&self, offset: usize, what: String) -> Result<T, ClkError> {
        Err(ClkError { offset, what })
    }
}

impl ClkFile {
    /// 64-bit words per encoding.
    pub fn words_per_record(&self) -> usize {
        self.bits as usize / 64
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Record `i`'s encoding.
    pub fn encoding(&self, i: usize) -> &[u64] {
        let w = self.words_per_record();
        &self.words[i * w..(i + 1) * w]
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let w = self.words_per_record();
        let mut out = Vec::with_capacity(64 + self.ids.len() * (w * 8 + 24));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&self.fingerprint);
        out.push(self.pair.len() as u8);
        out.extend_from_slice(self.pair.as_bytes());
        out.extend_from_slice(&(self.ids.len() as u64).to_le_bytes());
        for (i, id) in self.ids.iter().enumerate() {
            out.extend_from_slice(&(id.len() as u16).to_le_bytes());
            out.extend_from_slice(id.as_bytes());
            for word in self.encoding(i) {
                out.extend_from_slice(&word.to_le_bytes());
            }
        }
        out
    }

    /// Reads a `.clk` file's bytes.
    pub fn parse(bytes: &[u8]) -> Result<ClkFile, ClkError> {
        let mut c = Cursor { bytes, at: 0 };
        if c.take(8, "the magic number")? != MAGIC {
            return c.fail(
                0,
                "not a .clk file (it does not start with CRDR-CLK); make one with `corridor encode`"
                    .into(),
            );
        }
        let version = c.u16("the version")?;
        if version != VERSION {
            return c.fail(
                8,
                format!("format version {version}; this corridor reads version {VERSION}: encode again with the same corridor version as the partner"),
            );
        }
        let bits = c.u32("the bit length")?;
        if bits == 0 || bits % 64 != 0 || bits > MAX_BITS {
            return c.fail(
                10,
                format!("{bits} bits per encoding; expected a multiple of 64 up to {MAX_BITS}"),
            );
        }
        let fingerprint: [u8; 32] = c
            .take(32, "the schema fingerprint")?
            .try_into()
            .expect("32");
        let pair_len = c.take(1, "the pair label's length")?[0] as usize;
        let pair_at = c.at;
        let pair = c.take(pair_len, "the pair label")?;
        if !pair
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'-' | b'+'))
        {
            return c.fail(pair_at, "the pair label is not two agency codes".into());
        }
        let pair = String::from_utf8(pair.to_vec()).expect("ASCII");
        let count_at = c.at;
        let count = c.u64("the record count")?;
        let record_bytes = bits as u64 / 8;
        let left = (bytes.len() - c.at) as u64;
        // Each record takes at least its length, one id byte and its bits:
        // a count that cannot fit is refused before anything is allocated.
        if count > left / (3 + record_bytes) {
            return c.fail(
                count_at,
                format!(
                    "{count} records declared but only {left} bytes follow; the file is truncated"
                ),
            );
        }
        let w = bits as usize / 64;
        let mut ids = Vec::with_capacity(count as usize);
        let mut words = Vec::with_capacity(count as usize * w);
        let mut seen = HashSet::with_capacity(count as usize);
        for r in 0..count {
            let at = c.at;
            let what = format!("record {}", r + 1);
            let len = c.u16(&what)? as usize;
            let id = c.take(len, &what)?;
            let id = match std::str::from_utf8(id) {
                Ok(id) if !id.is_empty() && !id.chars().any(char::is_control) => id,
                _ => {
                    return c.fail(
                        at,
                        format!("{what}: the id is empty or not printable UTF-8"),
                    )
                }
            };
            if !seen.insert(id) {
                return c.fail(at, format!("{what}: id {id:?} appears twice"));
            }
            ids.push(id.to_owned());
            for chunk in c.take(w * 8, &what)?.chunks_exact(8) {
                words.push(u64::from_le_bytes(chunk.try_into().expect("8")));
            }
        }
        if c.at != bytes.len() {
            return c.fail(
                c.at,
                format!(
                    "{} bytes after the last of the {count} records",
                    bytes.len() - c.at
                ),
            );
        }
        Ok(ClkFile {
            bits,
            fingerprint,
            pair,
            ids,
            words,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> ClkFile {
        ClkFile {
            bits: 128,
            fingerprint: [3; 32],
            pair: "GBR-BSC+SRB-MUP".into(),
            ids: vec!["a1".into(), "b-2".into()],
            words: vec![1, 2, 3, u64::MAX],
        }
    }

    #[test]
    fn a_file_reads_back_as_written() {
        let f = sample();
        assert_eq!(ClkFile::parse(&f.to_bytes()).unwrap(), f);
    }

    #[test]
    fn damaged_files_are_refused_with_where() {
        let bytes = sample().to_bytes();
        let e = ClkFile::parse(&bytes[..bytes.len() - 1]).unwrap_err();
        assert!(e.what.contains("record 2"), "{e}");
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(ClkFile::parse(&extra)
            .unwrap_err()
            .what
            .contains("after the last"));
        let mut twice = sample();
        twice.ids[1] = "a1".into();
        assert!(ClkFile::parse(&twice.to_bytes())
            .unwrap_err()
            .what
            .contains("twice"));
        assert!(ClkFile::parse(b"PK\x03\x04").is_err());
    }

    proptest! {
        #[test]
        fn any_bytes_are_read_or_refused_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = ClkFile::parse(&bytes);
        }

        #[test]
        fn any_corruption_of_a_good_file_is_safe(at in 0usize..120, byte in any::<u8>()) {
            let mut bytes = sample().to_bytes();
            let at = at % bytes.len();
            bytes[at] = byte;
            let _ = ClkFile::parse(&bytes);
        }
    }
}
