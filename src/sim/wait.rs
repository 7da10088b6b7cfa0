//! A wait in words: what the wait action and its event say, why a waiting process cannot act,
//! and the rule of a wait event. The action ([`super::Action::Wait`]), its refusal
//! ([`super::ActionError::Waiting`]) and the log ([`super::Log`]) use these, and so does the
//! page; deadlock detection ([`super::deadlock`]) builds on the actions and the log, so these
//! words live apart from it and depend on neither.

use crate::say;

use super::process_name;
use super::topology::ProcessId;
use super::words::Sentence;

/// `P2 waits for a message from P3`: the wait action and its event, in words.
pub fn waits_for_a_message(process: ProcessId, on: ProcessId) -> Sentence {
    say!("{0} waits for a message from {1}", process_name(process), process_name(on))
}

/// Why a waiting process cannot act (an [`super::ActionError::Waiting`]).
pub fn is_waiting(process: ProcessId, on: ProcessId) -> Sentence {
    say!(
        "{0} is waiting for a message from {1}: it sends nothing and has no internal event until one arrives",
        process_name(process),
        process_name(on)
    )
}

/// The rule of a wait event, as [`super::Log::explain`] says it.
pub fn explain_wait(process: ProcessId, on: ProcessId) -> Sentence {
    say!(
        "{0} blocks until a message from {1} arrives: it sends nothing meanwhile. The snapshot algorithm still runs at {0}: a marker does not wake it",
        process_name(process),
        process_name(on)
    )
}

/// `waiting for P3`: what the page adds to a waiting process's name and recorded state.
pub fn waiting_for(on: ProcessId) -> Sentence {
    say!("waiting for {0}", process_name(on))
}
