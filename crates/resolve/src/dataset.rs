//! Records to link, held by column with each column's distinct values
//! stored once: a million people have a few thousand given names, so
//! names are normalised, hashed and counted once per distinct value.

use std::collections::HashMap;

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
            index: HashMap::new(),
        }
    }

    fn push(&mut self, raw: &str) {
        let raw = raw.trim();
        // A column linkage does not compare is not kept.
        let id = if raw.is_empty() || self.kind.is_none() {
            0
        } else if let Some(&id) = self.index.get(raw) {
            id
        } else {
            let id = self.distinct.len() as u32;
            self.distinct.push(raw.to_owned());
            self.index.insert(raw.to_owned(), id);
            id
        };
        self.cells.push(id);
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
    ids: Vec<String>,
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
            ids: Vec::new(),
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
        self.ids.push(id.into());
        self.sources.push(source);
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    pub fn id(&self, i: u32) -> &str {
        &self.ids[i as usize]
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
        self.ids.iter().position(|x| x == id).map(|i| i as u32)
    }

    /// Drops the lookup tables only needed while records are added.
    pub fn shrink(&mut self) {
        for column in &mut self.columns {
            column.index = HashMap::new();
            column.cells.shrink_to_fit();
        }
    }
}
