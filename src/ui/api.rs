//! `window.snapshotLab`, the page's scripting API for course pages and teachers' scripts (the
//! `www/boot.js` attaches it): load a scenario link, take an action, read the event
//! log and the current link. Values cross as plain JavaScript objects: actions in
//! `sim::Action`'s serde form (`{type: "send", from: 0, to: 1, amount: 10}`, processes numbered
//! from 0), read by `formats::script`; events in `sim::Event`'s, through serde-wasm-bindgen. A refused action or a bad
//! link throws an `Error` that says why, and changes nothing.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use yew::UseReducerDispatcher;

use crate::formats::{link, script};
use crate::i18n::{say, tr};
use crate::sim::{Action, Scenario};
use crate::teach::route;
use crate::tf;
use crate::view::page::{Lab, LabAction};

thread_local! {
    /// The page's state and its dispatcher, as last drawn, or as the API's last call left it:
    /// the page's state is a pure function of its actions (`Lab::update`), so the API computes
    /// the state an action leads to at once, and `link()` and `log()` answer for it before the
    /// page has drawn it or written its URL.
    static PAGE: RefCell<Option<(Rc<Lab>, UseReducerDispatcher<Lab>)>> = const { RefCell::new(None) };
}

/// Called by the page on every change: what the API reads and acts on.
pub fn publish(lab: Rc<Lab>, dispatch: UseReducerDispatcher<Lab>) {
    PAGE.with(|p| *p.borrow_mut() = Some((lab, dispatch)));
}

/// Takes an action in the API's copy of the page's state and in the page.
fn take(lab: Rc<Lab>, dispatch: UseReducerDispatcher<Lab>, action: LabAction) {
    let next = lab.update(action.clone());
    PAGE.with(|p| *p.borrow_mut() = Some((next, dispatch.clone())));
    dispatch.dispatch(action);
}

fn page() -> Result<(Rc<Lab>, UseReducerDispatcher<Lab>), JsValue> {
    PAGE.with(|p| p.borrow().clone()).ok_or_else(|| js_sys::Error::new(tr("Snapshot Lab has not started yet")).into())
}

fn error(text: String) -> JsValue {
    js_sys::Error::new(&text).into()
}

/// Loads a scenario: from its link (`v1.…`, or a whole URL ending in `#v1.…`) at once, throwing
/// when it is bad; or from a text (the readable text form, or a run's JSON or a ShiViz log, as
/// Open file… reads them) through the file worker, which holds the parsers: the promise settles
/// when it is loaded, or rejects with Open file…'s error (the line and column of the problem).
/// The promise of a link is already resolved.
pub fn load(text: &str) -> Result<js_sys::Promise, JsValue> {
    let (lab, dispatch) = page()?;
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    // A link is one word; a text has at least two lines.
    if !trimmed.contains(char::is_whitespace) {
        let fragment = trimmed.rsplit('#').next().unwrap_or_default();
        let scenario = link::decode(route::route_part(fragment)).map_err(|e| error(say(&e)))?;
        load_scenario(lab, dispatch, scenario)?;
        return Ok(js_sys::Promise::resolve(&JsValue::UNDEFINED));
    }
    let text = text.to_string();
    Ok(js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
        let name = tr("the text");
        super::files::ask(&["open", name, &text], move |answer| {
            let opened = match answer.as_slice() {
                [op, link, ..] if op == "opened" => {
                    link::decode(link).map_err(|e| tf!("it: {0}", say(&e))).and_then(|scenario| {
                        let (lab, dispatch) = page().map_err(|_| tr("the page").to_string())?;
                        load_scenario(lab, dispatch, scenario).map_err(|e| {
                            e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default()
                        })
                    })
                }
                [_, message, ..] => Err(message.clone()),
                _ => Err(name.to_string()),
            };
            let _ = match opened {
                Ok(()) => resolve.call0(&JsValue::NULL),
                Err(message) => reject
                    .call1(&JsValue::NULL, &error(tf!("Could not open {0}. The current run is unchanged.", message))),
            };
        });
    }))
}

/// Loads a scenario whose every action can be taken; else says which cannot, and changes nothing.
fn load_scenario(lab: Rc<Lab>, dispatch: UseReducerDispatcher<Lab>, scenario: Scenario) -> Result<(), JsValue> {
    if let Some(e) = &scenario.replay().error {
        return Err(error(say(e)));
    }
    take(lab, dispatch, LabAction::Load { scenario, preset: String::new(), notice: None });
    Ok(())
}

/// Takes one action at the timeline's cursor, as the learner would.
pub fn act(action: JsValue) -> Result<(), JsValue> {
    let (lab, dispatch) = page()?;
    let action: Action = script::action(&Object(action)).map_err(|e| error(tf!("not an action: {0}", e)))?;
    (*lab.world).clone().apply(&action).map_err(|e| error(say(&e)))?;
    take(lab, dispatch, LabAction::Do(action));
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
    let (lab, _) = page()?;
    serde_wasm_bindgen::to_value(&lab.world.log().events).map_err(|e| error(e.to_string()))
}

/// The current page's link (`v1.…`): the route the page writes in the URL, at once (the page
/// writes its URL a task after each change).
pub fn current_link() -> String {
    match PAGE.with(|p| p.borrow().clone()) {
        Some((lab, _)) => route::route_part(&lab.fragment(&lab.link)).to_string(),
        None => super::browser::fragment().map(|f| route::route_part(&f).to_string()).unwrap_or_default(),
    }
}
