//! Records to link, held by column with each column's distinct values
//! stored once: a million people have a few thousand given names, so
//! names are normalised, hashed and counted once per distinct value.

// FxHash rather than SipHash: lookups are on the hot path. Crafted values
// that collide could slow a run down, never change what it finds.
use rustc_hash::FxHashMap as HashMap;

use crate::field::FieldKind;

/// One column: its name, what it holds, and each record's value as an index
/// into the column's distinct values (0 is the empty value).
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub kind: Option<FieldKind>,
    cells: Vec<u32>,
    distinct: Vec<String>,
    index: HashMap<String, u32>,
}

impl Column {
    fn new(name: String, kind: Option<FieldKind>) -> Column {
        Column {
            name,
            kind,
            cells: Vec::new(),
            distinct: vec![String::new()],
            index: HashMap::default(),
        }
    }

    fn push(&mut self, raw: &str) {
        let raw = raw.trim();
        // A column linkage does not compare is not kept.
        let id = if raw.is_empty() || self.kind.is_none() {
            0
        } else {
            self.intern(raw)
        };
        self.cells.push(id);
    }

    /// The index of a distinct value, added if new.
    fn intern(&mut self, raw: &str) -> u32 {
        if let Some(&id) = self.index.get(raw) {
            return id;
        }
        if self.index.is_empty() && self.distinct.len() > 1 {
            // Shrunk: the lookup table is rebuilt before adding more.
            self.index = (1..self.distinct.len() as u32)
                .map(|i| (self.distinct[i as usize].clone(), i))
                .collect();
            if let Some(&id) = self.index.get(raw) {
                return id;
            }
        }
        let id = self.distinct.len() as u32;
        self.distinct.push(raw.to_owned());
        self.index.insert(raw.to_owned(), id);
        id
    }

    /// The distinct values, the empty one first.
    pub(crate) fn distinct(&self) -> &[String] {
        &self.distinct
    }

    /// Record `i`'s index into [`Column::distinct`].
    pub(crate) fn cell(&self, i: u32) -> u32 {
        self.cells[i as usize]
    }
}

/// Records and what their columns hold. Ids are opaque; `source` is 0 or 1
/// (which input a record came from, for a link).
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    columns: Vec<Column>,
    /// Every record's id, one after the other: millions of ids are not
    /// millions of allocations.
    id_text: String,
    /// Where each record's id ends in `id_text`.
    id_ends: Vec<usize>,
    sources: Vec<u8>,
}

impl Dataset {
    /// An empty dataset with these columns and kinds (`None`: not compared).
    pub fn new(columns: impl IntoIterator<Item = (String, Option<FieldKind>)>) -> Dataset {
        Dataset {
            columns: columns
                .into_iter()
                .map(|(name, kind)| Column::new(name, kind))
                .collect(),
            id_text: String::new(),
            id_ends: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// Adds a record. `values` are in column order; missing trailing values
    /// and empty ones are missing. Values of columns without a kind are
    /// not kept.
    pub fn push<'a>(
        &mut self,
        id: impl Into<String>,
        source: u8,
        values: impl IntoIterator<Item = Option<&'a str>>,
    ) {
        let mut values = values.into_iter();
        for column in &mut self.columns {
            column.push(values.next().flatten().unwrap_or(""));
        }
        self.push_id(&id.into());
        self.sources.push(source);
    }

    pub fn len(&self) -> usize {
        self.id_ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.id_ends.is_empty()
    }

    fn push_id(&mut self, id: &str) {
        self.id_text.push_str(id);
        self.id_ends.push(self.id_text.len());
    }

    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    pub fn id(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.id_ends[i - 1] };
        &self.id_text[start..self.id_ends[i]]
    }

    pub fn source(&self, i: u32) -> u8 {
        self.sources[i as usize]
    }

    /// Record `i`'s raw value in column `c`, if any.
    pub fn raw(&self, i: u32, c: usize) -> Option<&str> {
        let column = &self.columns[c];
        match column.cells[i as usize] {
            0 => None,
            v => Some(&column.distinct[v as usize]),
        }
    }

    /// The index of the record with this id, if any.
    pub fn position(&self, id: &str) -> Option<u32> {
        (0..self.len() as u32).find(|&i| self.id(i) == id)
    }

    /// The records from position `from` on, packed: what a store keeps so
    /// that a later run reads them back with [`Dataset::append_packed`]
    /// instead of pushing them value by value. Each column's distinct
    /// values are written once.
    pub fn pack(&self, from: usize) -> Vec<u8> {
        let records = self.len().saturating_sub(from);
        let mut out = Vec::new();
        out.extend_from_slice(PACKED_MAGIC);
        put_varint(&mut out, records as u64);
        put_varint(&mut out, self.columns.len() as u64);
        // Ids share their report with the one before: only what differs
        // from it is written.
        let mut previous = "";
        for i in from..self.len() {
            let id = self.id(i as u32);
            let shared = previous
                .bytes()
                .zip(id.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            let shared = (0..=shared)
                .rev()
                .find(|&k| id.is_char_boundary(k))
                .unwrap_or(0);
            put_varint(&mut out, shared as u64);
            put_text(&mut out, &id[shared..]);
            out.push(self.sources[i]);
            previous = id;
        }
        for column in &self.columns {
            let mut local: HashMap<u32, u32> = HashMap::default();
            let mut values: Vec<u32> = Vec::new();
            let codes: Vec<u32> = column.cells[from..]
                .iter()
                .map(|&cell| match cell {
                    0 => 0,
                    v => *local.entry(v).or_insert_with(|| {
                        values.push(v);
                        values.len() as u32
                    }),
                })
                .collect();
            put_varint(&mut out, values.len() as u64);
            for v in values {
                put_text(&mut out, &column.distinct[v as usize]);
            }
            for code in codes {
                put_varint(&mut out, u64::from(code));
            }
        }
        out
    }

    /// Appends records packed by [`Dataset::pack`] from a dataset of the
    /// same columns. Fails, appending nothing, on bytes that are not such
    /// a pack.
    pub fn append_packed(&mut self, bytes: &[u8]) -> Result<(), String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(PACKED_MAGIC.len())? != PACKED_MAGIC {
            return Err("not packed resolution records".into());
        }
        let records = r.varint()? as usize;
        let columns = r.varint()? as usize;
        if columns != self.columns.len() {
            return Err(format!(
                "packed with {columns} columns, this dataset has {}",
                self.columns.len()
            ));
        }
        let mut ids = String::new();
        let mut ends = Vec::with_capacity(records.min(bytes.len()));
        let mut sources = Vec::with_capacity(records.min(bytes.len()));
        let mut previous = 0..0;
        for _ in 0..records {
            let shared = r.varint()? as usize;
            if shared > previous.len() || !ids[previous.clone()].is_char_boundary(shared) {
                return Err(format!("an id shares {shared} bytes with a shorter one"));
            }
            let start = ids.len();
            ids.extend_from_within(previous.start..previous.start + shared);
            ids.push_str(r.text()?);
            ends.push(ids.len());
            previous = start..ids.len();
            sources.push(r.take(1)?[0]);
        }
        let mut cells: Vec<Vec<u32>> = Vec::with_capacity(columns);
        let mut values: Vec<Vec<&str>> = Vec::with_capacity(columns);
        for _ in 0..columns {
            let n = r.varint()? as usize;
            let mut distinct = Vec::with_capacity(n.min(bytes.len()));
            for _ in 0..n {
                distinct.push(r.text()?);
            }
            let mut codes = Vec::with_capacity(records.min(bytes.len()));
            for _ in 0..records {
                let code = r.varint()?;
                if code > n as u64 {
                    return Err(format!("value {code} of {n}"));
                }
                codes.push(code as u32);
            }
            cells.push(codes);
            values.push(distinct);
        }
        if r.at != bytes.len() {
            return Err("bytes after the packed records".into());
        }
        for ((column, codes), distinct) in self.columns.iter_mut().zip(cells).zip(values) {
            let global: Vec<u32> = std::iter::once(0)
                .chain(distinct.iter().map(|v| column.intern(v)))
                .collect();
            column
                .cells
                .extend(codes.iter().map(|&c| global[c as usize]));
        }
        let base = self.id_text.len();
        self.id_text.push_str(&ids);
        self.id_ends.extend(ends.into_iter().map(|e| base + e));
        self.sources.extend(sources);
        Ok(())
    }

    /// Drops the lookup tables only needed while records are added.
    pub fn shrink(&mut self) {
        for column in &mut self.columns {
            column.index = HashMap::default();
            column.cells.shrink_to_fit();
        }
    }
}

const PACKED_MAGIC: &[u8] = b"CRV2";

/// LEB128: seven bits a byte, the high bit set on all but the last.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    put_varint(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

/// Reads a pack, every read checked against its end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| format!("packed records end early (at byte {})", self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(format!("a number runs past 64 bits (at byte {})", self.at))
    }

    fn text(&mut self) -> Result<&'a str, String> {
        let n = self.varint()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|e| format!("packed text: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldKind;

    fn dataset() -> Dataset {
        Dataset::new([
            ("given".to_owned(), Some(FieldKind::GivenName)),
            ("note".to_owned(), None),
            ("dob".to_owned(), Some(FieldKind::BirthDate)),
        ])
    }

    #[test]
    fn packed_records_read_back_as_pushed() {
        let mut all = dataset();
        all.push("a", 0, [Some("Ana"), Some("x"), Some("1990")]);
        all.push("b", 1, [Some("Мухамед"), None, None]);
        all.push("c", 0, [Some("Ana"), Some("y"), Some("1991-02-03")]);
        all.push("d", 1, [None, None, Some("1990")]);
        let mut read = dataset();
        read.push("a", 0, [Some("Ana"), Some("x"), Some("1990")]);
        read.shrink();
        read.append_packed(&all.pack(1)).unwrap();
        assert_eq!(read.len(), 4);
        for i in 0..4u32 {
            assert_eq!(read.id(i), all.id(i));
            assert_eq!(read.source(i), all.source(i));
            for c in 0..3 {
                assert_eq!(read.raw(i, c), all.raw(i, c), "record {i} column {c}");
            }
        }
        // Pushing after reading back still finds the known values.
        read.push("e", 0, [Some("Ana"), None, None]);
        assert_eq!(read.raw(4, 0), Some("Ana"));
        assert_eq!(
            read.columns()[0].distinct().len(),
            all.columns()[0].distinct().len()
        );
    }

    #[test]
    fn a_damaged_pack_is_refused_and_appends_nothing() {
        let mut all = dataset();
        all.push("a", 0, [Some("Ana"), None, Some("1990")]);
        let bytes = all.pack(0);
        for cut in [0, 3, 10, bytes.len() - 1] {
            let mut read = dataset();
            assert!(read.append_packed(&bytes[..cut]).is_err(), "cut at {cut}");
            assert_eq!(read.len(), 0);
        }
        let mut other = Dataset::new([("given".to_owned(), Some(FieldKind::GivenName))]);
        assert!(other.append_packed(&bytes).is_err());
    }

    fn value() -> impl proptest::strategy::Strategy<Value = Option<String>> {
        use proptest::prelude::*;
        prop::option::of(prop_oneof![
            "[A-Za-z ]{0,8}",
            "[А-я]{1,6}",
            "19[0-9]{2}(-0[1-9]-1[0-9])?"
        ])
    }

    proptest::proptest! {
        /// Any records read back from their packing exactly, whatever the
        /// split between those known before and those packed.
        #[test]
        fn any_records_read_back_from_their_packing(
            rows in proptest::collection::vec(
                ("[a-z0-9#-]{1,12}", 0u8..2, value(), value(), value()), 0..40),
            split in 0usize..40,
        ) {
            let mut all = dataset();
            for (id, source, a, b, c) in &rows {
                all.push(id.as_str(), *source, [a.as_deref(), b.as_deref(), c.as_deref()]);
            }
            let split = split.min(all.len());
            let mut read = dataset();
            read.append_packed(&all.pack(0)[..]).unwrap();
            proptest::prop_assert_eq!(read.len(), all.len());
            let mut part = dataset();
            for i in 0..split as u32 {
                part.push(all.id(i), all.source(i), (0..3).map(|c| all.raw(i, c)));
            }
            part.append_packed(&all.pack(split)).unwrap();
            for data in [&read, &part] {
                for i in 0..all.len() as u32 {
                    proptest::prop_assert_eq!(data.id(i), all.id(i));
                    proptest::prop_assert_eq!(data.source(i), all.source(i));
                    for c in 0..3 {
                        proptest::prop_assert_eq!(data.raw(i, c), all.raw(i, c));
                    }
                }
            }
        }

        /// Bytes that are no packing are refused without a panic, and
        /// nothing of them is appended.
        #[test]
        fn damaged_bytes_are_refused_whole(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let mut read = dataset();
            read.push("known", 0, [Some("Ana"), None, None]);
            if read.append_packed(&bytes).is_err() {
                proptest::prop_assert_eq!(read.len(), 1);
                proptest::prop_assert_eq!(read.raw(0, 0), Some("Ana"));
            }
        }
    }
}
