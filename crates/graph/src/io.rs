//! Reading graphs from files: edge lists, adjacency matrices and node
//! attributes. The only module of this crate that does I/O.
//!
//! Node ids are strings; node `i` of the graph is the `i`-th distinct id
//! in file order (a row's source before its target). That order is the
//! tie-breaker of every ranking in this crate, so a file always gives the
//! same answers.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::csr::{Graph, NodeId};

/// A graph whose nodes have names.
#[derive(Clone, Debug, Default)]
pub struct Network {
    pub graph: Graph,
    /// `names[v]` is node `v`'s id as the file wrote it.
    pub names: Vec<String>,
    index: HashMap<String, NodeId>,
}

impl Network {
    /// A network from named edges, nodes numbered in order of first
    /// appearance. Repeated edges are merged as [`Graph::from_edges`] does.
    pub fn from_named_edges<'a>(
        edges: impl IntoIterator<Item = (&'a str, &'a str, f64)>,
    ) -> Network {
        let mut interner = Interner::default();
        let list: Vec<(NodeId, NodeId, f64)> = edges
            .into_iter()
            .map(|(a, b, w)| (interner.id(a), interner.id(b), w))
            .collect();
        interner.finish(list)
    }

    /// The node named `name`.
    pub fn node(&self, name: &str) -> Option<NodeId> {
        self.index.get(name).copied()
    }

    /// The name of node `v`.
    pub fn name(&self, v: NodeId) -> &str {
        &self.names[v as usize]
    }
}

#[derive(Default)]
struct Interner {
    names: Vec<String>,
    index: HashMap<String, NodeId>,
}

impl Interner {
    fn id(&mut self, name: &str) -> NodeId {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as NodeId;
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), id);
        id
    }

    fn finish(self, edges: Vec<(NodeId, NodeId, f64)>) -> Network {
        Network {
            graph: Graph::from_edges(self.names.len(), edges),
            names: self.names,
            index: self.index,
        }
    }
}

/// A problem with a file, located for the person who has to fix it.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: {source}; check the path and that the file can be read")]
    Open {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}:{line}: {field}: {message}")]
    Row {
        file: String,
        line: u64,
        field: String,
        message: String,
    },
}

/// How an edge list is laid out.
#[derive(Clone, Copy, Debug)]
pub struct EdgeListFormat {
    pub delimiter: u8,
    /// With a header, columns are found by name (`source`, `target`,
    /// optional `weight`); without one they are in that order.
    pub header: bool,
}

impl Default for EdgeListFormat {
    fn default() -> Self {
        EdgeListFormat {
            delimiter: b',',
            header: true,
        }
    }
}

fn open(path: &Path) -> Result<File, ReadError> {
    File::open(path).map_err(|source| ReadError::Open {
        file: path.display().to_string(),
        source,
    })
}

/// Reads an edge list file (see [`parse_edge_list`]).
pub fn read_edge_list(path: &Path, format: EdgeListFormat) -> Result<Network, ReadError> {
    parse_edge_list(open(path)?, &path.display().to_string(), format)
}

/// Parses an edge list: a CSV with the header `source,target[,weight]`
/// (other columns are ignored), one edge per row. The graph is undirected
/// and simple: a row and its reverse are the same edge, repeated rows are
/// one edge whose weight is the sum of theirs, and self-loops are dropped.
/// A missing weight (no column, or an empty cell) is 1; a weight must be a
/// positive finite number.
pub fn parse_edge_list(
    input: impl Read,
    file: &str,
    format: EdgeListFormat,
) -> Result<Network, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(format.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let row_error = |line: u64, field: &str, message: String| ReadError::Row {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        message,
    };
    let mut records = reader.records();
    let (source, target, weight) = if format.header {
        let header =
            match records.next() {
                None => return Err(row_error(
                    1,
                    "header",
                    "the file is empty; an edge list starts with the header source,target[,weight]"
                        .into(),
                )),
                Some(r) => r.map_err(|e| row_error(1, "header", format!("{e}")))?,
            };
        let find = |name: &str| {
            header.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(name)
            })
        };
        let columns: Vec<&str> = header.iter().collect();
        let missing = |name: &str| {
            row_error(
                1,
                "header",
                format!(
                    "no column {name:?}; found {:?}. An edge list starts with the header source,target[,weight]",
                    columns.join(",")
                ),
            )
        };
        (
            find("source").ok_or_else(|| missing("source"))?,
            find("target").ok_or_else(|| missing("target"))?,
            find("weight"),
        )
    } else {
        (0, 1, Some(2))
    };
    let mut interner = Interner::default();
    let mut edges = Vec::new();
    for record in records {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            row_error(
                line,
                "row",
                format!("{e}; is the file CSV with the header source,target[,weight]?"),
            )
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize, name: &str| -> Result<&str, ReadError> {
            match record.get(i).map(str::trim) {
                Some(v) if !v.is_empty() => Ok(v),
                _ => Err(row_error(
                    line,
                    name,
                    format!("missing node id; every row needs a {name} (a node id, any text)"),
                )),
            }
        };
        let a = cell(source, "source")?;
        let b = cell(target, "target")?;
        let w = match weight.and_then(|i| record.get(i)).map(str::trim) {
            None | Some("") => 1.0,
            Some(text) => match text.parse::<f64>() {
                Ok(w) if w.is_finite() && w > 0.0 => w,
                _ => {
                    return Err(row_error(
                        line,
                        "weight",
                        format!("expected a positive number, found {text:?}; leave it empty for 1"),
                    ))
                }
            },
        };
        let (a, b) = (interner.id(a), interner.id(b));
        edges.push((a, b, w));
    }
    Ok(interner.finish(edges))
}

/// Reads an adjacency matrix (see [`parse_adjacency_matrix`]).
pub fn read_adjacency_matrix(path: &Path) -> Result<Network, ReadError> {
    parse_adjacency_matrix(open(path)?, &path.display().to_string())
}

/// Parses an adjacency matrix as criminal-network data sets publish them:
/// a CSV whose first row names the columns (after an empty corner cell)
/// and whose rows each start with their name, cells holding tie strengths
/// (0 for none).
///
/// A *square* matrix (rows named as the columns) is a one-mode network,
/// made undirected: `i` and `j` are joined when either cell is non-zero,
/// with the larger of the two as weight. Any other matrix is two-mode
/// (people × events): it is projected onto its rows, two people joined
/// with the number of columns both have a non-zero cell in.
pub fn parse_adjacency_matrix(input: impl Read, file: &str) -> Result<Network, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let row_error = |line: u64, field: String, message: String| ReadError::Row {
        file: file.to_owned(),
        line,
        field,
        message,
    };
    let mut rows = Vec::new();
    let mut header: Vec<String> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            row_error(
                e.position().map_or(0, |p| p.line()),
                "row".into(),
                e.to_string(),
            )
        })?;
        let line = record.position().map_or(i as u64 + 1, |p| p.line());
        if i == 0 {
            header = record.iter().skip(1).map(|h| h.trim().to_owned()).collect();
            continue;
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let name = record.get(0).unwrap_or("").trim().to_owned();
        if record.len() != header.len() + 1 {
            return Err(row_error(
                line,
                name,
                format!(
                    "{} cells for {} columns; every row needs its name and one cell per column",
                    record.len(),
                    header.len()
                ),
            ));
        }
        let mut cells = Vec::with_capacity(header.len());
        for (j, text) in record.iter().skip(1).enumerate() {
            let text = text.trim();
            let value = if text.is_empty() {
                0.0
            } else {
                text.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .ok_or_else(|| {
                        row_error(
                            line,
                            format!("{name}/{}", header[j]),
                            format!("expected a tie strength (0 or more), found {text:?}"),
                        )
                    })?
            };
            cells.push(value);
        }
        rows.push((name, cells));
    }
    let row_names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
    let mut interner = Interner::default();
    let mut edges = Vec::new();
    if row_names == header.iter().map(String::as_str).collect::<Vec<_>>() {
        for name in &row_names {
            interner.id(name);
        }
        for (i, (_, cells)) in rows.iter().enumerate() {
            for (j, &v) in cells.iter().enumerate() {
                let back = rows[j].1[i];
                if i < j && (v > 0.0 || back > 0.0) {
                    edges.push((i as NodeId, j as NodeId, v.max(back)));
                }
            }
        }
    } else {
        for name in &row_names {
            interner.id(name);
        }
        for column in 0..header.len() {
            let members: Vec<NodeId> = (0..rows.len())
                .filter(|&i| rows[i].1[column] > 0.0)
                .map(|i| i as NodeId)
                .collect();
            for (k, &a) in members.iter().enumerate() {
                for &b in &members[k + 1..] {
                    edges.push((a, b, 1.0));
                }
            }
        }
    }
    Ok(interner.finish(edges))
}

/// What a person does, as far as disruption is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Runs a route stage; aides answer to them.
    Organiser,
    /// Collects or moves the money (hawala, transfers).
    MoneyHandler,
    /// Any other suspect: driver, guide, recruiter, lookout, broker…
    Aide,
    /// Smuggled migrants, victims, witnesses, informants, returnees: part
    /// of the picture, never a target.
    NotTarget,
    /// No role given: never a target either.
    Unknown,
}

impl Role {
    /// Reads the words of the data model (`suspect`, `smuggled_migrant`,
    /// `victim`… and suspect functions such as `organiser`,
    /// `money_handler`, `driver`). `None` for anything else.
    pub fn parse(text: &str) -> Option<Role> {
        Some(
            match text
                .trim()
                .to_ascii_lowercase()
                .replace([' ', '-'], "_")
                .as_str()
            {
                "organiser" | "organizer" | "leader" => Role::Organiser,
                "money_handler" | "financier" | "hawaladar" => Role::MoneyHandler,
                "suspect" | "aide" | "recruiter" | "driver" | "guide" | "boat_pilot"
                | "safe_house_keeper" | "document_forger" | "lookout" | "broker" => Role::Aide,
                "smuggled_migrant" | "migrant" | "victim" | "witness" | "informant"
                | "returnee" => Role::NotTarget,
                "" | "unknown" => Role::Unknown,
                _ => return None,
            },
        )
    }

    /// True for the suspects, the only people who may ever be targets.
    pub fn is_suspect(self) -> bool {
        matches!(self, Role::Organiser | Role::MoneyHandler | Role::Aide)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Organiser => "organiser",
            Role::MoneyHandler => "money_handler",
            Role::Aide => "aide",
            Role::NotTarget => "not_target",
            Role::Unknown => "unknown",
        }
    }
}

/// Roles and route stages of a network's nodes.
#[derive(Clone, Debug, Default)]
pub struct NodeAttributes {
    /// `role[v]` for every node of the network.
    pub role: Vec<Role>,
    /// `stage[v]`: an index into `stage_names`, if the node has a stage.
    pub stage: Vec<Option<u32>>,
    /// Stage names in order of first appearance.
    pub stage_names: Vec<String>,
    /// Ids in the attributes file that are not nodes of the network.
    pub unknown_ids: Vec<String>,
}

impl NodeAttributes {
    /// Every node of unknown role and no stage: a network without a nodes
    /// file.
    pub fn none(nodes: usize) -> NodeAttributes {
        NodeAttributes {
            role: vec![Role::Unknown; nodes],
            stage: vec![None; nodes],
            ..NodeAttributes::default()
        }
    }
}

/// Reads a node attributes file (see [`parse_node_attributes`]).
pub fn read_node_attributes(path: &Path, network: &Network) -> Result<NodeAttributes, ReadError> {
    parse_node_attributes(open(path)?, &path.display().to_string(), network)
}

/// Parses a node attributes CSV with the header `id,role,stage` (`id` may
/// be called `node`; `role`, `function` and `stage` are optional; other
/// columns are ignored). A role is a data-model role or suspect function
/// ([`Role::parse`]); when a row has both `role` (e.g. `suspect`) and
/// `function` (e.g. `organiser`), the function decides. A stage is any
/// text naming a route stage (`Evros`, `MK-north`…). Nodes the file does
/// not mention have an unknown role and no stage.
pub fn parse_node_attributes(
    input: impl Read,
    file: &str,
    network: &Network,
) -> Result<NodeAttributes, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let row_error = |line: u64, field: &str, message: String| ReadError::Row {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        message,
    };
    let header = reader
        .headers()
        .map_err(|e| row_error(1, "header", e.to_string()))?
        .clone();
    let find = |name: &str| {
        header.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(name)
        })
    };
    let id_column = find("id").or_else(|| find("node")).ok_or_else(|| {
        row_error(
            1,
            "header",
            format!(
                "no column \"id\"; found {:?}. A nodes file has the header id,role,stage",
                header.iter().collect::<Vec<_>>().join(",")
            ),
        )
    })?;
    let (role_column, function_column, stage_column) =
        (find("role"), find("function"), find("stage"));
    let mut attributes = NodeAttributes::none(network.names.len());
    let mut stages: HashMap<String, u32> = HashMap::new();
    for record in reader.records() {
        let record = record
            .map_err(|e| row_error(e.position().map_or(0, |p| p.line()), "row", e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let id = record.get(id_column).unwrap_or("").trim();
        if id.is_empty() {
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            return Err(row_error(line, "id", "missing node id".into()));
        }
        let Some(v) = network.node(id) else {
            attributes.unknown_ids.push(id.to_owned());
            continue;
        };
        let mut role = Role::Unknown;
        for (column, name) in [(role_column, "role"), (function_column, "function")] {
            let Some(text) = column.and_then(|c| record.get(c)) else {
                continue;
            };
            let parsed = Role::parse(text).ok_or_else(|| {
                row_error(line, name, format!("unknown {name} {text:?}; use suspect, organiser, money_handler, driver, guide, recruiter, broker… or smuggled_migrant, victim, witness, informant, returnee"))
            })?;
            if parsed != Role::Unknown && !(name == "function" && role == Role::NotTarget) {
                role = parsed;
            }
        }
        attributes.role[v as usize] = role;
        if let Some(text) = stage_column
            .and_then(|c| record.get(c))
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let next = stages.len() as u32;
            let stage = *stages.entry(text.to_owned()).or_insert_with(|| {
                attributes.stage_names.push(text.to_owned());
                next
            });
            attributes.stage[v as usize] = Some(stage);
        }
    }
    Ok(attributes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_list_merges_and_locates_errors() {
        let text = "source,target,weight\na,b,1\nb,a,2\nc,c,1\nb,c,\n";
        let net = parse_edge_list(text.as_bytes(), "e.csv", EdgeListFormat::default()).unwrap();
        assert_eq!(net.names, ["a", "b", "c"]);
        assert_eq!(net.graph.edge_count(), 2);
        assert_eq!(net.graph.edge_weight(0, 1), Some(3.0));
        let bad = "source,target,weight\na,b,1\nb,c,heavy\n";
        let e = parse_edge_list(bad.as_bytes(), "e.csv", EdgeListFormat::default()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("e.csv:3: weight: expected a positive number"),
            "{e}"
        );
        let e = parse_edge_list("from,to\n".as_bytes(), "e.csv", EdgeListFormat::default())
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("e.csv:1: header: no column \"source\""),
            "{e}"
        );
        let e = parse_edge_list(
            "source,target\na,\n".as_bytes(),
            "e.csv",
            EdgeListFormat::default(),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("e.csv:2: target: missing node id"),
            "{e}"
        );
    }

    #[test]
    fn adjacency_matrices_square_and_two_mode() {
        let square = "\u{feff}\"\",A,B,C\nA,0,2,0\nB,0,0,1\nC,0,0,0\n";
        let net = parse_adjacency_matrix(square.as_bytes(), "m.csv").unwrap();
        assert_eq!(net.graph.edge_weight(0, 1), Some(2.0));
        assert_eq!(net.graph.edge_weight(1, 2), Some(1.0));
        let two_mode = "\"\",e1,e2\np,1,1\nq,1,0\nr,0,1\n";
        let net = parse_adjacency_matrix(two_mode.as_bytes(), "m.csv").unwrap();
        assert_eq!(net.graph.edge_count(), 2);
        assert_eq!(net.graph.edge_weight(0, 1), Some(1.0));
    }

    #[test]
    fn node_attributes_read_roles_and_stages() {
        let net = Network::from_named_edges([("a", "b", 1.0), ("b", "c", 1.0)]);
        let text = "id,role,function,stage\na,suspect,organiser,Evros\nb,smuggled_migrant,,\nz,suspect,,Evros\nc,driver,,Idomeni\n";
        let attrs = parse_node_attributes(text.as_bytes(), "n.csv", &net).unwrap();
        assert_eq!(attrs.role, [Role::Organiser, Role::NotTarget, Role::Aide]);
        assert_eq!(attrs.stage, [Some(0), None, Some(1)]);
        assert_eq!(attrs.unknown_ids, ["z"]);
        let e = parse_node_attributes("id,role\na,boss\n".as_bytes(), "n.csv", &net).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("n.csv:2: role: unknown role \"boss\""),
            "{e}"
        );
    }
}
