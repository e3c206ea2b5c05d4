//! The process tree of a run, as the lanes draw it: parents before their children, and which
//! lane a pid belongs to. Derived from the World alone, so every front end orders alike.

use std::collections::HashMap;

use super::World;

impl World {
    /// The processes in tree order, as `(index into world.processes, depth)`: each child right
    /// after its parent (the latest earlier process with its `ppid`), children in start order.
    pub fn tree_order(&self) -> Vec<(usize, usize)> {
        let procs = &self.processes;
        let mut latest: HashMap<i32, usize> = HashMap::new();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); procs.len()];
        let mut roots = Vec::new();
        for (i, p) in procs.iter().enumerate() {
            match latest.get(&p.ppid) {
                Some(&parent) => children[parent].push(i),
                None => roots.push(i),
            }
            latest.insert(p.pid, i);
        }
        let mut order = Vec::with_capacity(procs.len());
        let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&r| (r, 0)).collect();
        while let Some((i, depth)) = stack.pop() {
            order.push((i, depth));
            stack.extend(children[i].iter().rev().map(|&c| (c, depth + 1)));
        }
        order
    }

    /// The lane (index into `world.processes`) of a pid: the latest process with it.
    pub fn lane_of(&self, pid: i32) -> Option<usize> {
        self.processes.iter().rposition(|p| p.pid == pid)
    }
}
