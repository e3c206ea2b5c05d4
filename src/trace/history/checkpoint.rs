//! A checkpoint of a World: its present state (processes, objects, queue contents, variables)
//! without its append-only logs, and how long each log was. Restoring it against a later
//! World of the same run copies that World's log prefixes back, which is exact because the
//! fold only ever appends to those logs (World::apply pushes, never removes; the one edit is
//! the output's last line, which an open line's next print extends: its length is kept).

use crate::trace::World;

/// A World's present state and the lengths of its logs at one event.
#[derive(Clone, Debug)]
pub(super) struct Checkpoint {
    /// The World with every log emptied.
    pub(super) shell: World,
    output: usize,
    /// The output's last line then: its length, and whether it was open.
    output_tail: Option<(usize, bool)>,
    anomalies: usize,
    lost: usize,
    /// Per process (in `processes` order): the lengths of its state and gate histories.
    procs: Vec<(usize, usize)>,
}

impl Checkpoint {
    /// Checkpoints `world` without copying its logs (they are lent out while its present state
    /// is cloned).
    pub(super) fn take(world: &mut World) -> Checkpoint {
        let output = std::mem::take(&mut world.output);
        let anomalies = std::mem::take(&mut world.anomalies);
        let lost = std::mem::take(&mut world.lost);
        let logs: Vec<_> = world
            .processes
            .iter_mut()
            .map(|p| (std::mem::take(&mut p.history), std::mem::take(&mut p.gate_history)))
            .collect();
        let checkpoint = Checkpoint {
            shell: world.clone(),
            output: output.len(),
            output_tail: output.last().map(|l| (l.text.len(), l.open)),
            anomalies: anomalies.len(),
            lost: lost.len(),
            procs: logs.iter().map(|(h, g)| (h.len(), g.len())).collect(),
        };
        world.output = output;
        world.anomalies = anomalies;
        world.lost = lost;
        for (p, (history, gates)) in world.processes.iter_mut().zip(logs) {
            p.history = history;
            p.gate_history = gates;
        }
        checkpoint
    }

    /// The World checkpointed, its logs copied from `later`: a World of the same run at this
    /// checkpoint or after it.
    pub(super) fn restore(&self, later: &World) -> World {
        let mut world = self.shell.clone();
        world.output = prefix(&later.output, self.output);
        // Only the last line can have grown since (an open line that later prints went on).
        if let (Some(last), Some((len, open))) = (world.output.last_mut(), self.output_tail) {
            last.text.truncate(len);
            last.open = open;
        }
        world.anomalies = prefix(&later.anomalies, self.anomalies);
        world.lost = prefix(&later.lost, self.lost);
        for ((p, from), (history, gates)) in world.processes.iter_mut().zip(&later.processes).zip(&self.procs) {
            p.history = prefix(&from.history, *history);
            p.gate_history = prefix(&from.gate_history, *gates);
        }
        world
    }
}

/// The first `n` items of a log.
fn prefix<T: Clone>(log: &[T], n: usize) -> Vec<T> {
    log.iter().take(n).cloned().collect()
}
