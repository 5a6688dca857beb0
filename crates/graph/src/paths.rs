//! Shortest paths and ego networks.

use std::collections::VecDeque;

use crate::csr::{Graph, NodeId};

/// A shortest path from `from` to `to` by number of edges, both ends
/// included; among equally short paths, the one through lower node ids.
/// `None` when `to` cannot be reached.
pub fn shortest_path(graph: &Graph, from: NodeId, to: NodeId) -> Option<Vec<NodeId>> {
    let n = graph.len();
    // Search backwards from `to` so that following parents forward from
    // `from` picks the lowest id at every step.
    let mut dist = vec![u32::MAX; n];
    dist[to as usize] = 0;
    let mut queue = VecDeque::from([to]);
    while let Some(v) = queue.pop_front() {
        if v == from {
            break;
        }
        for &u in graph.neighbours(v) {
            if dist[u as usize] == u32::MAX {
                dist[u as usize] = dist[v as usize] + 1;
                queue.push_back(u);
            }
        }
    }
    if dist[from as usize] == u32::MAX {
        return None;
    }
    let mut path = vec![from];
    let mut v = from;
    while v != to {
        let d = dist[v as usize];
        // Neighbours are sorted: the first one a step closer is the lowest.
        v = *graph
            .neighbours(v)
            .iter()
            .find(|&&u| dist[u as usize] == d - 1)
            .expect("a node on a shortest path has a neighbour one step closer");
        path.push(v);
    }
    Some(path)
}

/// The nodes within `radius` edges of `centre`, nearest first (the centre
/// first), ties by id.
pub fn ego_nodes(graph: &Graph, centre: NodeId, radius: u32) -> Vec<NodeId> {
    let mut dist = vec![u32::MAX; graph.len()];
    dist[centre as usize] = 0;
    let mut order = vec![centre];
    let mut head = 0;
    while head < order.len() {
        let v = order[head];
        head += 1;
        if dist[v as usize] == radius {
            continue;
        }
        for &u in graph.neighbours(v) {
            if dist[u as usize] == u32::MAX {
                dist[u as usize] = dist[v as usize] + 1;
                order.push(u);
            }
        }
    }
    order.sort_by_key(|&v| (dist[v as usize], v));
    order
}

/// The ego network of `centre`: the subgraph induced by the nodes within
/// `radius` edges, with the original id of each of its nodes.
pub fn ego_network(graph: &Graph, centre: NodeId, radius: u32) -> (Graph, Vec<NodeId>) {
    let nodes = ego_nodes(graph, centre, radius);
    (graph.induced(&nodes), nodes)
}

/// Distances in edges from `from` to every node (`u32::MAX` when
/// unreachable).
pub fn distances(graph: &Graph, from: NodeId) -> Vec<u32> {
    let mut dist = vec![u32::MAX; graph.len()];
    dist[from as usize] = 0;
    let mut queue = VecDeque::from([from]);
    while let Some(v) = queue.pop_front() {
        for &u in graph.neighbours(v) {
            if dist[u as usize] == u32::MAX {
                dist[u as usize] = dist[v as usize] + 1;
                queue.push_back(u);
            }
        }
    }
    dist
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_egos() {
        // 0-1-3, 0-2-3, 3-4; 5 alone.
        let g = Graph::from_edges(
            6,
            [
                (0, 1, 1.0),
                (1, 3, 1.0),
                (0, 2, 1.0),
                (2, 3, 1.0),
                (3, 4, 1.0),
            ],
        );
        assert_eq!(shortest_path(&g, 0, 4), Some(vec![0, 1, 3, 4]));
        assert_eq!(shortest_path(&g, 4, 0), Some(vec![4, 3, 1, 0]));
        assert_eq!(shortest_path(&g, 0, 5), None);
        assert_eq!(shortest_path(&g, 2, 2), Some(vec![2]));
        assert_eq!(ego_nodes(&g, 0, 1), [0, 1, 2]);
        let (ego, ids) = ego_network(&g, 3, 1);
        assert_eq!(ids, [3, 1, 2, 4]);
        assert_eq!(ego.edge_count(), 3);
    }
}
