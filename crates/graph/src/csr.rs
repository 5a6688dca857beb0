//! The compact graph: undirected, simple, weighted, in compressed sparse
//! row form with `u32` node ids.

/// A node's index in a [`Graph`]: `0..graph.len()`.
pub type NodeId = u32;

/// An undirected simple graph in compressed sparse row (CSR) form.
///
/// Every edge is stored twice, once in each end's row, with its weight;
/// rows are sorted by neighbour. There are no self-loops and no repeated
/// edges: [`Graph::from_edges`] merges them. Nodes are `0..len()`; names
/// live beside the graph (see [`crate::io::Network`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    offsets: Vec<usize>,
    targets: Vec<NodeId>,
    weights: Vec<f64>,
}

impl Graph {
    /// Builds the graph on nodes `0..nodes` from edges in any order and
    /// direction. Self-loops are dropped; an edge given more than once (in
    /// either direction) is kept once with the *sum* of its weights, so
    /// that a link reported twice weighs twice as much.
    ///
    /// # Panics
    /// If an end is not below `nodes`.
    pub fn from_edges(
        nodes: usize,
        edges: impl IntoIterator<Item = (NodeId, NodeId, f64)>,
    ) -> Graph {
        let mut list: Vec<(u64, f64)> = edges
            .into_iter()
            .filter(|&(a, b, _)| a != b)
            .map(|(a, b, w)| {
                assert!(
                    (a as usize) < nodes && (b as usize) < nodes,
                    "edge end out of range"
                );
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                ((u64::from(lo) << 32) | u64::from(hi), w)
            })
            .collect();
        list.sort_unstable_by_key(|&(key, _)| key);
        let mut merged: Vec<(NodeId, NodeId, f64)> = Vec::with_capacity(list.len());
        for (key, w) in list {
            let (a, b) = ((key >> 32) as NodeId, key as NodeId);
            match merged.last_mut() {
                Some(last) if last.0 == a && last.1 == b => last.2 += w,
                _ => merged.push((a, b, w)),
            }
        }
        Graph::from_simple_edges(nodes, &merged)
    }

    /// Builds from edges already unique with `a < b`.
    fn from_simple_edges(nodes: usize, edges: &[(NodeId, NodeId, f64)]) -> Graph {
        let mut degree = vec![0usize; nodes + 1];
        for &(a, b, _) in edges {
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(nodes + 1);
        let mut total = 0;
        offsets.push(0);
        for d in &degree[..nodes] {
            total += d;
            offsets.push(total);
        }
        let mut fill = offsets[..nodes].to_vec();
        let mut targets = vec![0; total];
        let mut weights = vec![0.0; total];
        // With edges sorted by (a, b), row v receives its lower
        // neighbours (edges (a, v)) in ascending order before its upper
        // ones (edges (v, c)): every row comes out sorted in one pass.
        for &(a, b, w) in edges {
            for (from, to) in [(a, b), (b, a)] {
                let i = fill[from as usize];
                targets[i] = to;
                weights[i] = w;
                fill[from as usize] += 1;
            }
        }
        Graph {
            offsets,
            targets,
            weights,
        }
    }

    /// The raw rows: node `v`'s neighbours are
    /// `targets[offsets[v]..offsets[v + 1]]`. For the inner loops of the
    /// searches, which index the two arrays themselves.
    #[inline]
    pub(crate) fn rows(&self) -> (&[usize], &[NodeId]) {
        (&self.offsets, &self.targets)
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// True when the graph has no node.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of (undirected) edges.
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    /// The neighbours of `v`, ascending.
    #[inline]
    pub fn neighbours(&self, v: NodeId) -> &[NodeId] {
        &self.targets[self.offsets[v as usize]..self.offsets[v as usize + 1]]
    }

    /// The weights of `v`'s edges, in the order of [`Graph::neighbours`].
    #[inline]
    pub fn weights(&self, v: NodeId) -> &[f64] {
        &self.weights[self.offsets[v as usize]..self.offsets[v as usize + 1]]
    }

    /// `v`'s neighbours with the weights of the edges to them.
    pub fn edges_of(&self, v: NodeId) -> impl Iterator<Item = (NodeId, f64)> + '_ {
        self.neighbours(v)
            .iter()
            .copied()
            .zip(self.weights(v).iter().copied())
    }

    /// The number of neighbours of `v`.
    #[inline]
    pub fn degree(&self, v: NodeId) -> usize {
        self.offsets[v as usize + 1] - self.offsets[v as usize]
    }

    /// The sum of the weights of `v`'s edges.
    pub fn strength(&self, v: NodeId) -> f64 {
        self.weights(v).iter().sum()
    }

    /// Every edge once, as `(a, b, weight)` with `a < b`.
    pub fn edges(&self) -> impl Iterator<Item = (NodeId, NodeId, f64)> + '_ {
        (0..self.len() as NodeId).flat_map(move |a| {
            self.edges_of(a)
                .filter(move |&(b, _)| a < b)
                .map(move |(b, w)| (a, b, w))
        })
    }

    /// The weight of the edge between `a` and `b`, if there is one.
    pub fn edge_weight(&self, a: NodeId, b: NodeId) -> Option<f64> {
        let row = self.neighbours(a);
        row.binary_search(&b).ok().map(|i| self.weights(a)[i])
    }

    /// True when every edge weighs 1.
    pub fn is_unweighted(&self) -> bool {
        self.weights.iter().all(|&w| w == 1.0)
    }

    /// The same nodes without the edges of those marked `removed`: a
    /// removed node stays, isolated, so that ids keep their meaning.
    pub fn without(&self, removed: &[bool]) -> Graph {
        let kept: Vec<(NodeId, NodeId, f64)> = self
            .edges()
            .filter(|&(a, b, _)| !removed[a as usize] && !removed[b as usize])
            .collect();
        Graph::from_simple_edges(self.len(), &kept)
    }

    /// The same graph with more edges (of weight 1 unless already there).
    pub fn with_edges(&self, extra: &[(NodeId, NodeId)]) -> Graph {
        let edges: Vec<(NodeId, NodeId, f64)> = extra
            .iter()
            .filter(|&&(a, b)| a != b && self.edge_weight(a, b).is_none())
            .map(|&(a, b)| (a, b, 1.0))
            .chain(self.edges())
            .collect();
        Graph::from_edges(self.len(), edges)
    }

    /// The same graph with node `order[i]` renumbered `i` (`order` a
    /// permutation of the nodes).
    pub fn permuted(&self, order: &[NodeId]) -> Graph {
        let mut new_id = vec![0 as NodeId; self.len()];
        for (i, &v) in order.iter().enumerate() {
            new_id[v as usize] = i as NodeId;
        }
        let mut edges: Vec<(NodeId, NodeId, f64)> = self
            .edges()
            .map(|(a, b, w)| {
                let (x, y) = (new_id[a as usize], new_id[b as usize]);
                if x < y {
                    (x, y, w)
                } else {
                    (y, x, w)
                }
            })
            .collect();
        edges.sort_unstable_by_key(|&(a, b, _)| (a, b));
        Graph::from_simple_edges(self.len(), &edges)
    }

    /// A breadth-first order of the nodes (each component from its
    /// best-connected node): renumbering by it puts neighbours near each
    /// other in memory, which speeds up searches on large graphs.
    pub fn locality_order(&self) -> Vec<NodeId> {
        let n = self.len();
        let mut starts: Vec<NodeId> = (0..n as NodeId).collect();
        starts.sort_by_key(|&v| (std::cmp::Reverse(self.degree(v)), v));
        let mut seen = vec![false; n];
        let mut order = Vec::with_capacity(n);
        for s in starts {
            if seen[s as usize] {
                continue;
            }
            seen[s as usize] = true;
            let mut head = order.len();
            order.push(s);
            while head < order.len() {
                let v = order[head];
                head += 1;
                for &u in self.neighbours(v) {
                    if !seen[u as usize] {
                        seen[u as usize] = true;
                        order.push(u);
                    }
                }
            }
        }
        order
    }

    /// The subgraph induced by `nodes` (in that order: node `i` of the
    /// result is `nodes[i]`).
    pub fn induced(&self, nodes: &[NodeId]) -> Graph {
        let mut index = vec![NodeId::MAX; self.len()];
        for (i, &v) in nodes.iter().enumerate() {
            index[v as usize] = i as NodeId;
        }
        let edges: Vec<(NodeId, NodeId, f64)> = nodes
            .iter()
            .flat_map(|&v| {
                let index = &index;
                self.edges_of(v).filter_map(move |(u, w)| {
                    let (a, b) = (index[v as usize], index[u as usize]);
                    (b != NodeId::MAX && a < b).then_some((a, b, w))
                })
            })
            .collect();
        Graph::from_edges(nodes.len(), edges)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_reversed_edges_are_one_with_summed_weight_and_loops_dropped() {
        let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 0, 2.0), (1, 1, 5.0), (2, 1, 1.0)]);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.neighbours(1), &[0, 2]);
        assert_eq!(g.edge_weight(0, 1), Some(3.0));
        assert_eq!(g.edge_weight(1, 1), None);
        assert_eq!(g.degree(1), 2);
    }

    #[test]
    fn without_isolates_removed_nodes_and_keeps_ids() {
        let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        let h = g.without(&[false, false, true, false]);
        assert_eq!(h.len(), 4);
        assert_eq!(h.edge_count(), 1);
        assert_eq!(h.degree(2), 0);
    }

    #[test]
    fn induced_renumbers_in_the_given_order() {
        let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 2.0), (2, 3, 1.0)]);
        let h = g.induced(&[2, 1, 3]);
        assert_eq!(h.edge_weight(0, 1), Some(2.0));
        assert_eq!(h.edge_weight(0, 2), Some(1.0));
        assert_eq!(h.edge_count(), 2);
    }
}
