//! The event log table: the text alternative of the space-time diagram, one row per event in
//! order, with the rule that fired and the Lamport and vector clocks. A long log is virtualised
//! (`view::window`): only the rows in and near view are in the page, spacer rows stand in for
//! the rest, and `aria-rowcount` / `aria-rowindex` tell screen readers the whole. The event shown
//! in detail (`focus`: hovered or focused in the space-time diagram, or "Show event #N") is
//! scrolled into the window and marked.

use crate::i18n::{say, tr};
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{process_name, World};
use crate::view::window::{row_window, scroll_to_row, ALL_ROWS, ROW_CHUNK};

#[derive(Properties, Clone)]
pub struct EventLogProps {
    pub world: Rc<World>,
    /// Changes when earlier events may differ (a new scenario); see `Lab::run`.
    pub run: u32,
    /// The event shown in detail, by sequence number.
    #[prop_or_default]
    pub focus: Option<u32>,
}

impl PartialEq for EventLogProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world) && self.run == other.run && self.focus == other.focus
    }
}

/// A row's height before one is measured (px).
const ROW_GUESS: f64 = 27.0;

#[derive(Properties, Clone)]
struct RowsProps {
    world: Rc<World>,
    run: u32,
    start: usize,
    end: usize,
    focus: Option<u32>,
}

impl PartialEq for RowsProps {
    /// The log is a pure function of the actions taken, so within one run the rows of a range
    /// never change once written; only the marked row moves.
    fn eq(&self, other: &Self) -> bool {
        let mine = |p: &Self| p.focus.filter(|&s| s as usize > p.start && s as usize <= p.end);
        (self.run, self.start, self.end) == (other.run, other.start, other.end) && mine(self) == mine(other)
    }
}

#[function_component(Rows)]
fn rows(props: &RowsProps) -> Html {
    let log = props.world.log();
    let rows = log.events[props.start..props.end].iter().map(|e| {
        let message = e.message().map(|m| format!("{} {}", say(m), m.channel)).unwrap_or_default();
        let vclock = e.vclock.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(",");
        let focused = props.focus == Some(e.seq);
        html! {
            <tr key={e.seq} aria-rowindex={(e.seq + 1).to_string()} class={classes!(focused.then_some("focused"))}>
                <td>{e.seq}</td>
                <td>{process_name(e.process)}</td>
                <td>{say(&e.describe())}</td>
                <td>{message}</td>
                <td title={say(&log.explain(e))}><code>{e.rule.id()}</code></td>
                <td>{e.lamport}</td>
                <td>{format!("[{vclock}]")}</td>
            </tr>
        }
    });
    html! { <>{ for rows }</> }
}

/// A row that stands in for `rows` undrawn rows (hidden from assistive technology: the real
/// rows carry their `aria-rowindex`).
fn spacer(key: &'static str, rows: usize, row_height: f64) -> Html {
    if rows == 0 {
        return html! {};
    }
    // The `height` attribute, not a style: the page's Content-Security-Policy allows no inline
    // styles.
    let height = crate::view::n(rows as f64 * row_height);
    html! { <tr key={key} class="spacer" aria-hidden="true"><td colspan="7" {height}></td></tr> }
}

#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let count = props.world.log().events.len();
    let scroller = use_node_ref();
    // (scroll top, viewport height, row height), as last measured.
    let view = use_state_eq(|| (0.0_f64, 400.0_f64, ROW_GUESS));
    let (top, viewport, row_height) = *view;
    // Windowed above ALL_ROWS, and kept so until the log is half that long: a step back and
    // forth across the length does not redraw the whole table.
    let sticky = use_mut_ref(|| false);
    let windowed = count > ALL_ROWS || (*sticky.borrow() && count > ALL_ROWS / 2);
    *sticky.borrow_mut() = windowed;
    let range = if windowed { row_window(count, top, viewport, row_height) } else { 0..count };

    // Measure after each render that changed what is drawn: the rows' real height, and where
    // the box is scrolled (state only changes when the window would).
    let measure = {
        let scroller = scroller.clone();
        let view = view.clone();
        move || {
            let Some(el) = scroller.cast::<web_sys::Element>() else { return };
            let rows = el.query_selector_all("tbody tr[aria-rowindex]").ok();
            let drawn = rows.as_ref().map_or(0, |r| r.length());
            let mut height = view.2;
            if drawn > 0 {
                let first = rows
                    .as_ref()
                    .and_then(|r| r.get(0))
                    .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok());
                let last = rows
                    .as_ref()
                    .and_then(|r| r.get(drawn - 1))
                    .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok());
                if let (Some(a), Some(b)) = (first, last) {
                    let span = b.get_bounding_client_rect().bottom() - a.get_bounding_client_rect().top();
                    if span > 0.0 {
                        height = span / f64::from(drawn);
                    }
                }
            }
            // Quantised (row height to half a pixel, the scroll position to the chunk it is in),
            // so that the page redraws only when the window moves.
            let height = (height * 2.0).round() / 2.0;
            let chunk = height * ROW_CHUNK as f64;
            let top = (f64::from(el.scroll_top()) / chunk).floor() * chunk;
            let viewport = (f64::from(el.client_height()) / chunk).ceil().max(1.0) * chunk;
            view.set((top, viewport, height));
        }
    };
    {
        let measure = measure.clone();
        use_effect_with((windowed, props.run), move |_| measure());
    }
    // Scrolling the box moves the window (`scroll` does not bubble: listened to on the box).
    {
        let measure = measure.clone();
        let scroller = scroller.clone();
        use_effect_with(props.run, move |_| {
            let listener = scroller
                .cast::<web_sys::Element>()
                .and_then(|t| super::browser::Listener::new(t.into(), "scroll", move |_| measure()));
            move || drop(listener)
        });
    }

    // The event shown in detail: scroll its row into view (into the window first).
    {
        let scroller = scroller.clone();
        let view = view.clone();
        use_effect_with(props.focus, move |focus| {
            let (Some(seq), Some(el)) = (*focus, scroller.cast::<web_sys::Element>()) else { return };
            let index = seq as usize - 1;
            let selector = format!("tbody tr[aria-rowindex=\"{}\"]", seq + 1);
            match el.query_selector(&selector).ok().flatten() {
                Some(row) => {
                    // Drawn: scroll the box (not the page) only if the row is out of its view.
                    let (r, b) = (row.get_bounding_client_rect(), el.get_bounding_client_rect());
                    let header = 32.0;
                    if r.top() < b.top() + header || r.bottom() > b.bottom() {
                        let to = scroll_to_row(index, f64::from(el.client_height()), view.2);
                        el.set_scroll_top(to as i32);
                    }
                }
                None => {
                    let to = scroll_to_row(index, f64::from(el.client_height()), view.2);
                    el.set_scroll_top(to as i32);
                    let chunk = view.2 * ROW_CHUNK as f64;
                    let top = (f64::from(el.scroll_top()) / chunk).floor() * chunk;
                    view.set((top, view.1, view.2));
                }
            }
        });
    }

    let chunks = (range.start / ROW_CHUNK..range.end.div_ceil(ROW_CHUNK)).map(|c| {
        let (start, end) = (c * ROW_CHUNK, ((c + 1) * ROW_CHUNK).min(count));
        html! { <Rows key={c} world={props.world.clone()} run={props.run} {start} {end} focus={props.focus} /> }
    });
    html! {
        <div ref={scroller} class="event-log-scroll" tabindex="0" aria-label={tr("Event log, scrollable")}>
            <table class={classes!("event-log", windowed.then_some("windowed"))} aria-label={tr("Event log")}
                aria-rowcount={(count + 1).to_string()}>
                <caption>{crate::tf!("Event log ({0} events)", count)}</caption>
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col">{"#"}</th><th scope="col">{tr("Process")}</th><th scope="col">{tr("Event")}</th>
                        <th scope="col">{tr("Message")}</th><th scope="col">{tr("Rule")}</th><th scope="col">{tr("Lamport")}</th>
                        <th scope="col">{tr("Vector clock")}</th>
                    </tr>
                </thead>
                <tbody>
                    { spacer("before", range.start, row_height) }
                    { for chunks }
                    { spacer("after", count - range.end, row_height) }
                </tbody>
            </table>
        </div>
    }
}
