//! Hard limits on everything a scenario can contain, checked before anything is allocated.

/// Fewest processes in a topology.
pub const MIN_PROCESSES: usize = 2;
/// Most processes in a topology.
pub const MAX_PROCESSES: usize = 16;
/// Longest process label, in characters.
pub const MAX_LABEL_CHARS: usize = 48;
/// Largest coordinate of a process placed by hand in the process and channel diagram.
pub const MAX_POSITION: u16 = 1000;
/// Most actions in one scenario.
pub const MAX_ACTIONS: usize = 10_000;
/// Most snapshots in one run.
pub const MAX_SNAPSHOTS: usize = 64;
/// Largest absolute value of a process state or an amount.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;
/// Longest scenario link or scenario text, in bytes.
pub const MAX_SCENARIO_BYTES: usize = 256 * 1024;
