//! Graph algorithms for smuggling networks: connected components, Leiden
//! communities (modularity and the Constant Potts Model) and the smuggling
//! networks among suspects built on them, PageRank, exact
//! and sampled betweenness, broker scores, ego networks and shortest
//! paths, normalised mutual information, and disruption — sequential
//! arrests by a strategy, the network's recovery after each one (aides
//! finding a new organiser in their route stage, or a rival taking the
//! stage over) and the search for the `k` arrests that leave it most
//! broken once it has recovered. This crate owns the algorithms and
//! nothing else: it **never touches the store** (it is handed graphs and
//! node attributes, and returns numbers; `io` reads edge lists, adjacency
//! matrices and node attribute files, the only I/O here) and **never
//! decides what leaves the node** — who may see a result, and whether
//! protected people appear in it, is the business of the caller and of
//! `share`. It only guarantees that people marked as anything other than
//! suspects are never proposed as targets.
//!
//! The graph is a hand-written compressed sparse row structure
//! ([`Graph`]) with `u32` node ids and `f64` weights, rather than
//! petgraph: these algorithms only ever scan a node's neighbours, so two
//! flat arrays (offsets, targets) touch half the memory of an adjacency
//! list of `Vec`s, a million-edge graph fits in 16 MB of ids and the
//! breadth-first searches behind betweenness run from cache-friendly
//! slices. Every result is deterministic: random choices come from a
//! seeded ChaCha8 generator and parallel sums are added in a fixed order,
//! whatever the number of threads.

pub mod betweenness;
pub mod broker;
pub mod components;
pub mod csr;
pub mod disrupt;
pub mod io;
pub mod leiden;
pub mod networks;
pub mod nmi;
pub mod pagerank;
pub mod paths;

pub use betweenness::{betweenness, normalise, sampled_betweenness, Sampled};
pub use broker::{broker_scores, effective_size, participation, suspect_broker_scores};
pub use components::{components, largest_component_size, Components};
pub use csr::{Graph, NodeId};
pub use disrupt::{
    best_arrests, simulate, Disruption, Plan, PlanOptions, SimulationOptions, Step, Strategy,
};
pub use io::{Network, NodeAttributes, ReadError, Role};
pub use leiden::{
    consensus, leiden, modularity, LeidenOptions, Partition, Quality, CONSENSUS_RUNS,
};
pub use networks::suspect_communities;
pub use nmi::nmi;
pub use pagerank::pagerank;
pub use paths::{ego_network, shortest_path};
