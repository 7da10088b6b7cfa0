//! The scripting API's actions (`window.snapshotLab.act`, `docs/links.md`): a plain object in
//! `sim::Action`'s serde form, `{type: "send", from: 0, to: 1, amount: 10}` or
//! `{type: "deliver", message: {type: "app", number: 3}}`, read field by field through
//! [`Fields`] (the page reads a JavaScript object; the tests a JSON value). Reading only what
//! each kind of action needs keeps a general deserializer (some 50 KB of the page's wasm) out
//! of the page. `tests/script.rs` proves it reads every action as serde writes it.

use crate::say;
use crate::sim::words::Sentence;
use crate::sim::{Action, Channel, MessageRef};

/// The fields of an object, by name.
pub trait Fields {
    /// The field as a number, if it is one.
    fn number(&self, name: &str) -> Option<f64>;
    /// The field as a string, if it is one.
    fn text(&self, name: &str) -> Option<String>;
    /// The field as an object, if it is one.
    fn object(&self, name: &str) -> Option<Box<dyn Fields + '_>>;
}

/// The action an object describes, or why it describes none (`missing field "amount"`), said
/// as the core says things (the page translates it).
pub fn action(o: &dyn Fields) -> Result<Action, Sentence> {
    let kind = o.text("type").ok_or_else(|| {
        say!("no \"type\" ({0})", "send, deliver, internal, snapshot, join, drop, duplicate, crash or wait")
    })?;
    let process = |name: &str| whole(o, name, 0.0, u32::MAX as f64).map(|v| v as usize);
    let id = |name: &str| whole(o, name, 0.0, u32::MAX as f64).map(|v| v as u32);
    let amount = |name: &str| whole(o, name, i64::MIN as f64, i64::MAX as f64).map(|v| v as i64);
    let message = || o.object("message").ok_or_else(|| missing("message")).and_then(|m| message(&*m));
    Ok(match kind.as_str() {
        "send" => Action::Send { from: process("from")?, to: process("to")?, amount: amount("amount")? },
        "deliver" => Action::Deliver { message: message()? },
        "internal" => Action::Internal { process: process("process")?, delta: amount("delta")? },
        "snapshot" => Action::Snapshot { process: process("process")? },
        "join" => Action::Join { process: process("process")?, snapshot: id("snapshot")? },
        "drop" => Action::Drop { message: message()? },
        "duplicate" => Action::Duplicate { message: message()? },
        "crash" => Action::Crash { process: process("process")? },
        "wait" => Action::Wait { process: process("process")?, on: process("on")? },
        other => return Err(say!("unknown action type {0}", format!("{:?}", short(other)))),
    })
}

/// The message an object names: `{type: "app", number: 3}` or
/// `{type: "marker", snapshot: 1, channel: {from: 0, to: 1}}`.
fn message(o: &dyn Fields) -> Result<MessageRef, Sentence> {
    let id = |o: &dyn Fields, name: &str| whole(o, name, 0.0, u32::MAX as f64);
    match o.text("type").ok_or_else(|| say!("the message has no \"type\" ({0})", "app or marker"))?.as_str() {
        "app" => Ok(MessageRef::App { number: id(o, "number")? as u32 }),
        "marker" => {
            let channel = o.object("channel").ok_or_else(|| missing("channel"))?;
            let channel = Channel { from: id(&*channel, "from")? as usize, to: id(&*channel, "to")? as usize };
            Ok(MessageRef::Marker { snapshot: id(o, "snapshot")? as u32, channel })
        }
        other => Err(say!("unknown message type {0}", format!("{:?}", short(other)))),
    }
}

/// A field that must be a whole number in `min..=max`.
fn whole(o: &dyn Fields, name: &str, min: f64, max: f64) -> Result<f64, Sentence> {
    match o.number(name) {
        Some(v) if v.fract() == 0.0 && (min..=max).contains(&v) => Ok(v),
        Some(v) => Err(say!(
            "\"{0}\" is {1}, not a whole number from {2} to {3}",
            name,
            v.to_string(),
            min.to_string(),
            max.to_string()
        )),
        None => Err(missing(name)),
    }
}

fn missing(name: &str) -> Sentence {
    let what = if matches!(name, "message" | "channel") { say!("an object") } else { say!("a number") };
    say!("missing field \"{0}\" ({1})", name, what)
}

/// At most 40 characters of a name the script gave.
fn short(s: &str) -> String {
    s.chars().take(40).collect()
}
