//! Connected components.

use crate::csr::{Graph, NodeId};

/// The connected components of a graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Components {
    /// `label[v]`: the component of `v`, numbered in order of their
    /// smallest node.
    pub label: Vec<u32>,
    /// `sizes[c]`: the number of nodes of component `c`.
    pub sizes: Vec<usize>,
}

impl Components {
    /// The size of the largest component (0 for an empty graph).
    pub fn largest(&self) -> usize {
        self.sizes.iter().copied().max().unwrap_or(0)
    }

    /// The number of components.
    pub fn count(&self) -> usize {
        self.sizes.len()
    }
}

/// The connected components, by breadth-first search.
pub fn components(graph: &Graph) -> Components {
    let n = graph.len();
    let mut label = vec![u32::MAX; n];
    let mut sizes = Vec::new();
    let mut queue: Vec<NodeId> = Vec::new();
    for start in 0..n as NodeId {
        if label[start as usize] != u32::MAX {
            continue;
        }
        let c = sizes.len() as u32;
        label[start as usize] = c;
        queue.clear();
        queue.push(start);
        let mut head = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            for &u in graph.neighbours(v) {
                if label[u as usize] == u32::MAX {
                    label[u as usize] = c;
                    queue.push(u);
                }
            }
        }
        sizes.push(queue.len());
    }
    Components { label, sizes }
}

/// The size of the largest connected component.
pub fn largest_component_size(graph: &Graph) -> usize {
    components(graph).largest()
}
