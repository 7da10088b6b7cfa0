//! `window.snapshotLab`, the page's scripting API for course pages and teachers' scripts (the
//! `www/boot.js` attaches it): load a scenario link, take an action, read the event
//! log and the current link. Values cross as plain JavaScript objects: actions in
//! `sim::Action`'s serde form (`{type: "send", from: 0, to: 1, amount: 10}`, processes numbered
//! from 0), read by `formats::script`; events in `sim::Event`'s, through serde-wasm-bindgen. A refused action or a bad
//! link throws an `Error` that says why, and changes nothing.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use yew::UseReducerDispatcher;

use crate::formats::{link, script};
use crate::sim::{Action, World};
use crate::teach::route;
use crate::view::page::{Lab, LabAction};

thread_local! {
    /// The page's world at the cursor and its dispatcher, as last drawn (or as the API left it).
    static PAGE: RefCell<Option<(Rc<World>, UseReducerDispatcher<Lab>)>> = const { RefCell::new(None) };
}

/// Called by the page on every change: what the API reads and acts on.
pub fn publish(world: Rc<World>, dispatch: UseReducerDispatcher<Lab>) {
    PAGE.with(|p| *p.borrow_mut() = Some((world, dispatch)));
}

fn page() -> Result<(Rc<World>, UseReducerDispatcher<Lab>), JsValue> {
    PAGE.with(|p| p.borrow().clone()).ok_or_else(|| js_sys::Error::new("Snapshot Lab has not started yet").into())
}

fn error(text: String) -> JsValue {
    js_sys::Error::new(&text).into()
}

/// Loads a scenario from its link (`v1.…`, or a whole URL ending in `#v1.…`).
pub fn load(text: &str) -> Result<(), JsValue> {
    let (_, dispatch) = page()?;
    let fragment = text.rsplit('#').next().unwrap_or_default();
    let scenario = link::decode(route::route_part(fragment)).map_err(|e| error(e.to_string()))?;
    let replay = scenario.replay();
    if let Some(e) = &replay.error {
        return Err(error(format!("action {} ({}) is impossible: {}", e.index + 1, e.action, e.error)));
    }
    PAGE.with(|p| *p.borrow_mut() = Some((Rc::new(replay.world), dispatch.clone())));
    dispatch.dispatch(LabAction::Load { scenario, preset: String::new(), notice: None });
    Ok(())
}

/// Takes one action at the timeline's cursor, as the learner would.
pub fn act(action: JsValue) -> Result<(), JsValue> {
    let (world, dispatch) = page()?;
    let action: Action = script::action(&Object(action)).map_err(|e| error(format!("not an action: {e}")))?;
    let mut next = (*world).clone();
    next.apply(&action).map_err(|e| error(e.to_string()))?;
    PAGE.with(|p| *p.borrow_mut() = Some((Rc::new(next), dispatch.clone())));
    dispatch.dispatch(LabAction::Do(action));
    Ok(())
}

/// A JavaScript object's fields, for [`script::action`].
struct Object(JsValue);

impl script::Fields for Object {
    fn number(&self, name: &str) -> Option<f64> {
        js_sys::Reflect::get(&self.0, &JsValue::from_str(name)).ok()?.as_f64()
    }
    fn text(&self, name: &str) -> Option<String> {
        js_sys::Reflect::get(&self.0, &JsValue::from_str(name)).ok()?.as_string()
    }
    fn object(&self, name: &str) -> Option<Box<dyn script::Fields + '_>> {
        let v = js_sys::Reflect::get(&self.0, &JsValue::from_str(name)).ok()?;
        v.is_object().then(|| Box::new(Object(v)) as Box<dyn script::Fields>)
    }
}

/// The event log up to the cursor, one object per event.
pub fn log() -> Result<JsValue, JsValue> {
    let (world, _) = page()?;
    serde_wasm_bindgen::to_value(&world.log().events).map_err(|e| error(e.to_string()))
}

/// The current scenario's link (`v1.…`).
pub fn current_link() -> String {
    super::browser::fragment().map(|f| route::route_part(&f).to_string()).unwrap_or_default()
}
