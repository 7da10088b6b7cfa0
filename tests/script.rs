//! The scripting API's action objects (`formats::script`): every action reads back exactly as
//! serde writes it, and anything else is refused with what is wrong.

mod common;

use serde_json::{json, Value};
use snapshot_lab::formats::script::{self, Fields};
use snapshot_lab::sim::rng::Rng;
use snapshot_lab::sim::{Action, Channel, MessageRef};

struct Json<'a>(&'a Value);

impl Fields for Json<'_> {
    fn number(&self, name: &str) -> Option<f64> {
        self.0.get(name)?.as_f64()
    }
    fn text(&self, name: &str) -> Option<String> {
        self.0.get(name)?.as_str().map(str::to_string)
    }
    fn object(&self, name: &str) -> Option<Box<dyn Fields + '_>> {
        let v = self.0.get(name)?;
        v.is_object().then(|| Box::new(Json(v)) as Box<dyn Fields>)
    }
}

fn read(v: &Value) -> Result<Action, String> {
    script::action(&Json(v)).map_err(|e| e.to_string())
}

#[test]
fn every_kind_of_action_reads_back_as_serde_writes_it() {
    let app = MessageRef::App { number: 7 };
    let marker = MessageRef::Marker { snapshot: 2, channel: Channel { from: 3, to: 1 } };
    let actions = [
        Action::Send { from: 0, to: 1, amount: 25 },
        Action::Send { from: 15, to: 2, amount: -1_000_000_000_000 },
        Action::Deliver { message: app },
        Action::Deliver { message: marker },
        Action::Internal { process: 2, delta: -40 },
        Action::Snapshot { process: 1 },
        Action::Join { process: 0, snapshot: 3 },
        Action::Drop { message: marker },
        Action::Duplicate { message: app },
        Action::Crash { process: 2 },
        Action::Wait { process: 1, on: 2 },
    ];
    for a in actions {
        let v = serde_json::to_value(a).unwrap();
        assert_eq!(read(&v), Ok(a), "{v}");
    }
}

#[test]
fn anything_else_is_refused_saying_what_is_wrong() {
    let cases = [
        (json!({ "type": "fly" }), "unknown action type \"fly\""),
        (json!({ "from": 0, "to": 1, "amount": 5 }), "no \"type\""),
        (json!({ "type": "send", "from": 0, "to": 1 }), "missing field \"amount\""),
        (json!({ "type": "send", "from": 0.5, "to": 1, "amount": 1 }), "\"from\" is 0.5"),
        (json!({ "type": "send", "from": -1, "to": 1, "amount": 1 }), "\"from\" is -1"),
        (json!({ "type": "send", "from": "0", "to": 1, "amount": 1 }), "missing field \"from\""),
        (json!({ "type": "deliver" }), "missing field \"message\" (an object)"),
        (json!({ "type": "deliver", "message": 3 }), "missing field \"message\""),
        (json!({ "type": "deliver", "message": { "type": "letter" } }), "unknown message type \"letter\""),
        (json!({ "type": "drop", "message": { "type": "marker", "snapshot": 1 } }), "missing field \"channel\""),
        (json!({ "type": "join", "process": 0, "snapshot": 1e12 }), "\"snapshot\" is"),
    ];
    for (v, said) in cases {
        match read(&v) {
            Ok(a) => panic!("{v} read as {a:?}"),
            Err(e) => assert!(e.contains(said), "{v}: {e:?} does not say {said:?}"),
        }
    }
}

/// Any action of any scenario (random, within the limits) reads back as serde writes it.
#[test]
fn random_actions_read_back() {
    let mut rng = Rng::new(19);
    let mut read_back = 0;
    for _ in 0..500 {
        for a in common::any_scenario(&mut rng, 40).actions {
            assert_eq!(read(&serde_json::to_value(a).unwrap()), Ok(a));
            read_back += 1;
        }
    }
    assert!(read_back > 2000, "{read_back}");
}
