//! Motion that teaches, drawn with the Web Animations API (`Element.animate`): a sent message
//! slides out of its sender into its channel, a delivered one travels from its place in the
//! queue into its receiver, and the messages behind it move up. Only visuals move: the page's
//! state, accessible names, the event log and the narration change at once, before any motion.
//! Nothing moves under `prefers-reduced-motion: reduce`, and nothing runs while idle: every
//! animation ends by itself (and a travelling copy removes itself), with no timer or frame loop.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::view::Point;

const SVG: &str = "http://www.w3.org/2000/svg";

/// How long a message takes to travel (ms), unless Run's pace is quicker.
pub const TRAVEL_MS: f64 = 320.0;

/// Whether the person asked for less motion (the page then shows each state at once).
pub fn reduced() -> bool {
    let Some(window) = web_sys::window() else { return true };
    let matches = || -> Option<bool> {
        let f = js_sys::Reflect::get(&window, &"matchMedia".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
        let list = f.call1(&window, &"(prefers-reduced-motion: reduce)".into()).ok()?;
        js_sys::Reflect::get(&list, &"matches".into()).ok()?.as_bool()
    };
    matches().unwrap_or(true)
}

/// The travel time at Run's pace: a step's motion ends before the next step (`pace_ms`: the
/// time between Run's steps; 0 when not running).
pub fn travel_ms(pace_ms: u32) -> f64 {
    if pace_ms == 0 {
        TRAVEL_MS
    } else {
        TRAVEL_MS.min(f64::from(pace_ms) * 0.7).max(60.0)
    }
}

fn translate(p: Point) -> String {
    format!("translate({}px, {}px)", crate::view::n(p.x), crate::view::n(p.y))
}

/// Animates `el` (an SVG element placed by a `transform`) from `from` to `to` over `ms`,
/// fading out at the end when `fade`; calls `done` when it has finished or was cancelled.
fn animate(el: &web_sys::Element, from: Point, to: Point, ms: f64, fade: bool, done: Option<Box<dyn FnOnce()>>) {
    let Ok(animate) = js_sys::Reflect::get(el, &JsValue::from_str("animate")) else { return };
    let Ok(animate) = animate.dyn_into::<js_sys::Function>() else { return };
    let frame = |p: Point, opacity: f64, offset: Option<f64>| {
        let f = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&f, &"transform".into(), &translate(p).into());
        let _ = js_sys::Reflect::set(&f, &"opacity".into(), &opacity.into());
        if let Some(o) = offset {
            let _ = js_sys::Reflect::set(&f, &"offset".into(), &o.into());
        }
        f
    };
    let frames = js_sys::Array::new();
    frames.push(&frame(from, 1.0, None));
    if fade {
        frames.push(&frame(to, 1.0, Some(0.8)));
        frames.push(&frame(to, 0.0, None));
    } else {
        frames.push(&frame(to, 1.0, None));
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"duration".into(), &ms.into());
    let _ = js_sys::Reflect::set(&options, &"easing".into(), &"cubic-bezier(0.4, 0, 0.2, 1)".into());
    let Ok(animation) = animate.call2(el, &frames, &options) else { return };
    if let Some(done) = done {
        let once = Closure::once_into_js(done);
        let _ = js_sys::Reflect::set(&animation, &"onfinish".into(), &once);
        let _ = js_sys::Reflect::set(&animation, &"oncancel".into(), &once);
    }
}

/// Moves a drawn message from where it was to where it is now (it is drawn at `to` already).
pub fn slide(el: &web_sys::Element, from: Point, to: Point, ms: f64) {
    if from.distance(to) >= 1.0 {
        animate(el, from, to, ms, false, None);
    }
}

/// A copy of a message (its drawing as `markup`: fixed shapes and `m3` / `S1` labels, never text
/// from a link) travels from `from` into its receiver at `to`, then removes itself.
pub fn travel(layer: &web_sys::Element, markup: &str, from: Point, to: Point, ms: f64) {
    let Some(document) = layer.owner_document() else { return };
    let Ok(ghost) = document.create_element_ns(Some(SVG), "g") else { return };
    ghost.set_attribute("class", "message travelling").ok();
    ghost.set_attribute("aria-hidden", "true").ok();
    ghost.set_inner_html(markup);
    if layer.append_child(&ghost).is_err() {
        return;
    }
    let remove = ghost.clone();
    animate(&ghost, from, to, ms, true, Some(Box::new(move || remove.remove())));
}

/// The SVG markup of a message's travelling copy: a circle with its number, or a marker's
/// triangle in its snapshot's colour.
pub fn message_markup(kind: &crate::sim::MessageKind) -> String {
    match *kind {
        crate::sim::MessageKind::App { number, .. } => {
            format!("<circle class=\"app-message\" r=\"21\"></circle><text class=\"message-text\" y=\"6\">m{number}</text>")
        }
        crate::sim::MessageKind::Marker { snapshot } => format!(
            "<polygon points=\"0,-25 23,16 -23,16\" fill=\"{}\"></polygon><text class=\"message-text {}\" y=\"11\">S{snapshot}</text>",
            crate::view::palette::snapshot_colour(snapshot),
            crate::view::palette::on_colour_class(snapshot)
        ),
    }
}
