//! `window.snapshotLab`, the page's scripting API for course pages and teachers' scripts (the
//! `www/boot.js` attaches it): load a scenario link, take an action, read the event
//! log, the current link, and the run's text form and JSON (`text()`, `json()`, made by the file
//! worker as Export… makes them). It works on the multicast lab's page too: `load()` takes a
//! `v1.mc.` link or a multicast text (and switches labs when the run belongs to the other one),
//! `link()`, `log()`, `text()` and `json()` read the multicast run; `act()` is the snapshot
//! lab's alone. Values cross as plain JavaScript objects: actions in
//! `sim::Action`'s serde form (`{type: "send", from: 0, to: 1, amount: 10}`, processes numbered
//! from 0), read by `formats::script`; events in `sim::Event`'s, through serde-wasm-bindgen. A refused action or a bad
//! link throws an `Error` that says why, and changes nothing.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use yew::UseReducerDispatcher;

use crate::formats::{link, multicast_export, multicast_text, script};
use crate::i18n::{say, tr};
use crate::sim::{Action, Scenario};
use crate::teach::route;
use crate::tf;
use crate::view::page::multicast::teach::{McAction, McPage};
use crate::view::page::{Lab, LabAction};

thread_local! {
    /// The page's state and its dispatcher, as last drawn, or as the API's last call left it:
    /// the page's state is a pure function of its actions (`Lab::update`), so the API computes
    /// the state an action leads to at once, and `link()` and `log()` answer for it before the
    /// page has drawn it or written its URL.
    static PAGE: RefCell<Option<(Rc<Lab>, UseReducerDispatcher<Lab>)>> = const { RefCell::new(None) };
    /// The multicast lab's page and its dispatcher, the same way.
    static MC_PAGE: RefCell<Option<(Rc<McPage>, UseReducerDispatcher<McPage>)>> = const { RefCell::new(None) };
    /// Whether the multicast lab is the one on the page (the one that published last).
    static ON_MULTICAST: Cell<bool> = const { Cell::new(false) };
    /// Loads that switched labs: each settles when the lab it waits for (multicast or not) starts.
    static SWITCHING: RefCell<Vec<(bool, js_sys::Function)>> = const { RefCell::new(Vec::new()) };
}

/// Called by the page on every change: what the API reads and acts on.
pub fn publish(lab: Rc<Lab>, dispatch: UseReducerDispatcher<Lab>) {
    PAGE.with(|p| *p.borrow_mut() = Some((lab, dispatch)));
    started(false);
}

/// Called by the multicast lab's page on every change, as [`publish`].
pub fn publish_multicast(page: Rc<McPage>, dispatch: UseReducerDispatcher<McPage>) {
    MC_PAGE.with(|p| *p.borrow_mut() = Some((page, dispatch)));
    started(true);
}

/// The lab on the page now is the multicast lab or not: settles the loads that waited for it.
fn started(multicast: bool) {
    ON_MULTICAST.set(multicast);
    let ready: Vec<js_sys::Function> = SWITCHING.with_borrow_mut(|waiting| {
        let (ready, still): (Vec<_>, Vec<_>) = waiting.drain(..).partition(|(m, _)| *m == multicast);
        *waiting = still;
        ready.into_iter().map(|(_, f)| f).collect()
    });
    for resolve in ready {
        let _ = resolve.call0(&JsValue::NULL);
    }
}

fn mc_page() -> Result<(Rc<McPage>, UseReducerDispatcher<McPage>), JsValue> {
    MC_PAGE
        .with(|p| p.borrow().clone())
        .ok_or_else(|| js_sys::Error::new(tr("Snapshot Lab has not started yet")).into())
}

/// Opens `route` (checked already) as if from the address bar, which switches labs; the promise
/// settles once the other lab has started.
fn switch(route: &str, multicast: bool) -> js_sys::Promise {
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject: js_sys::Function| {
        SWITCHING.with_borrow_mut(|w| w.push((multicast, resolve)));
    });
    super::browser::go(route);
    promise
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
/// Open file… reads them; or a multicast run's text, which starts with `group`) through the file
/// worker, which holds the parsers: the promise settles when it is loaded, or rejects with Open
/// file…'s error (the line and column of the problem). The promise of a link is already
/// resolved, unless the run belongs to the other lab: then it settles once that lab has started.
pub fn load(text: &str) -> Result<js_sys::Promise, JsValue> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    // A link is one word; a text has at least two lines.
    if !trimmed.contains(char::is_whitespace) {
        let fragment = trimmed.rsplit('#').next().unwrap_or_default();
        return load_link(fragment);
    }
    let op = if multicast_text::is_multicast_text(trimmed) { "open-multicast" } else { "open" };
    let text = text.to_string();
    Ok(js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
        let name = tr("the text");
        super::files::ask(&[op, name, &text], move |answer| {
            let opened = match answer.as_slice() {
                [op, link, ..] if op == "opened" => load_link(link).map_err(|e| {
                    e.dyn_ref::<js_sys::Error>().map(|e| tf!("it: {0}", String::from(e.message()))).unwrap_or_default()
                }),
                [_, message, ..] => Err(message.clone()),
                _ => Err(name.to_string()),
            };
            let _ = match opened {
                Ok(loaded) => resolve.call1(&JsValue::NULL, &loaded),
                Err(message) => reject
                    .call1(&JsValue::NULL, &error(tf!("Could not open {0}. The current run is unchanged.", message))),
            };
        });
    }))
}

/// Loads the run of a link of either lab (its route: the page's options are left out).
fn load_link(fragment: &str) -> Result<js_sys::Promise, JsValue> {
    let route = route::route_part(fragment);
    let done = || Ok(js_sys::Promise::resolve(&JsValue::UNDEFINED));
    if route::is_multicast(route) {
        route::parse_multicast(route).map_err(|e| error(e.to_string()))?;
        if !ON_MULTICAST.get() {
            return Ok(switch(route, true));
        }
        let (page, dispatch) = mc_page()?;
        let action = McAction::Open(route.to_string());
        MC_PAGE.with(|p| *p.borrow_mut() = Some((Rc::new(page.apply(action.clone())), dispatch.clone())));
        dispatch.dispatch(action);
        return done();
    }
    let scenario = link::decode(route).map_err(|e| error(say(&e)))?;
    if ON_MULTICAST.get() {
        if let Some(e) = &scenario.replay().error {
            return Err(error(say(e)));
        }
        return Ok(switch(route, false));
    }
    let (lab, dispatch) = page()?;
    load_scenario(lab, dispatch, scenario)?;
    done()
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
    if ON_MULTICAST.get() {
        return Err(error(
            tr("act() takes the snapshot lab's actions: on the multicast lab, load() a link or a text instead").into(),
        ));
    }
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

/// The event log up to the cursor, one object per event; on the multicast lab, the events of
/// its run document (`replay --json`'s `events`).
pub fn log() -> Result<JsValue, JsValue> {
    if ON_MULTICAST.get() {
        let (page, _) = mc_page()?;
        let shown = crate::sim::multicast::Scenario { cursor: Some(page.lab.cursor), ..(*page.lab.scenario).clone() };
        let events = multicast_export::RunDocument::new(&shown).events;
        // `null` where the JSON document has it, so that `log()` equals its `events`.
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
        return serde::Serialize::serialize(&events, &serializer).map_err(|e| error(e.to_string()));
    }
    let (lab, _) = page()?;
    serde_wasm_bindgen::to_value(&lab.world.log().events).map_err(|e| error(e.to_string()))
}

/// The current page's link (`v1.…`): the route the page writes in the URL, at once (the page
/// writes its URL a task after each change).
pub fn current_link() -> String {
    if ON_MULTICAST.get() {
        if let Some((page, _)) = MC_PAGE.with(|p| p.borrow().clone()) {
            return route::route_part(&page.fragment()).to_string();
        }
    }
    match PAGE.with(|p| p.borrow().clone()) {
        Some((lab, _)) => route::route_part(&lab.fragment(&lab.link)).to_string(),
        None => super::browser::fragment().map(|f| route::route_part(&f).to_string()).unwrap_or_default(),
    }
}

/// The current run's `export` of the file worker (`text` or `json`), as Export… saves it: a
/// promise of the file's text.
pub fn export(format: &'static str) -> Result<js_sys::Promise, JsValue> {
    let link = if ON_MULTICAST.get() { mc_page()?.0.lab.link.clone() } else { page()?.0.link.clone() };
    Ok(js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
        super::files::ask(&["export", format, &link], move |answer| {
            let _ = match answer.as_slice() {
                [ok, _, _, content] if ok == "ok" => resolve.call1(&JsValue::NULL, &JsValue::from_str(content)),
                [_, message, ..] => reject.call1(&JsValue::NULL, &error(tf!("Could not export: {0}.", message))),
                _ => reject.call1(&JsValue::NULL, &error(tr("Could not export.").into())),
            };
        });
    }))
}
