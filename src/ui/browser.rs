//! Browser glue: the URL fragment, localStorage, the clipboard, timers and a random seed.
//! Every call degrades gracefully: a missing window, storage that is full or disabled, or a
//! clipboard that refuses is reported to the caller, never a panic. When storage does not keep
//! the learner's work, [`keep`] gives the sentence that says so once per page; the URL is the
//! real save and is updated regardless.

use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the last scenario of the lab is kept.
pub const SCENARIO_KEY: &str = "snapshot-lab.scenario.v1";
/// Where the multicast lab's last run (its `v1.mc.` link) is kept.
pub const MULTICAST_KEY: &str = "snapshot-lab.multicast.v1";
/// Where the learner's progress (lesson step, exercises) is kept.
pub const PROGRESS_KEY: &str = "snapshot-lab.progress.v1";

/// The current URL fragment without `#`, if any.
pub fn fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let hash = hash.strip_prefix('#').unwrap_or(&hash).to_string();
    (!hash.is_empty()).then_some(hash)
}

/// Installs the catalog of the page's language (`window.snapshotLabCatalog`, the string form
/// `crate::i18n::install` reads, which `www/boot.js` made from the catalogs it fetched) into `crate::i18n`. Nothing to do
/// in English or when the loader found no catalog.
pub fn install_catalog() {
    let Some(window) = web_sys::window() else { return };
    if let Some(catalog) =
        js_sys::Reflect::get(&window, &JsValue::from_str("snapshotLabCatalog")).ok().and_then(|c| c.as_string())
    {
        crate::i18n::install(catalog);
    }
}

/// The page's language: `<html lang>`, which `www/boot.js` set.
pub fn language() -> crate::i18n::Lang {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|root| crate::i18n::Lang::parse(&root.get_attribute("lang")?))
        .unwrap_or(crate::i18n::Lang::En)
}

/// Switches the page to another language: remembers the choice, puts it in the link
/// (`&lang=ko`, so that a shared link opens in it) and reloads, which is where `www/boot.js`
/// fetches the language's catalog. The run is in the link, so nothing is lost.
pub fn switch_language(lang: crate::i18n::Lang) {
    let Some(window) = web_sys::window() else { return };
    if let Ok(Some(s)) = window.local_storage() {
        let _ = s.set_item("snapshot-lab.lang", lang.code());
    }
    let here = fragment().unwrap_or_default();
    let kept: Vec<&str> = here.split('&').filter(|o| !o.starts_with("lang=")).collect();
    replace_fragment(&format!("{}&lang={}", kept.join("&"), lang.code()));
    let _ = window.location().reload();
}

/// Replaces the URL fragment without adding a history entry.
pub fn replace_fragment(fragment: &str) {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
        }
    }
}

/// Opens another fragment as a link does (a history entry and `hashchange`: the root picks the
/// lab it names).
pub fn go(fragment: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(fragment);
    }
}

/// Adds a history entry for the page as it is now, so that Back comes back to it: the page
/// then writes the next page's fragment into the new entry (with `replace_fragment`).
pub fn push_history() {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", None);
        }
    }
}

/// Moves the keyboard focus to the element with this id (HTML or SVG), if there is one.
pub fn focus(id: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        match el.dyn_into::<web_sys::HtmlElement>() {
            Ok(el) => drop(el.focus()),
            Err(el) => {
                if let Ok(el) = el.dyn_into::<web_sys::SvgElement>() {
                    let _ = el.focus();
                }
            }
        }
    }
}

/// Forgets the text saved under a key.
pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// The full link to the current page.
pub fn current_url() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Sets the classes of the page's root element (`<html>`), for options that restyle the whole
/// page in CSS alone (presentation mode: `html.present` scales every `rem`).
pub fn set_root_class(class: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        root.set_class_name(class);
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// What the learner is told, once, when storage is blocked (reading `localStorage` throws) or
/// full (`setItem` throws).
pub const NOT_KEPT: &str = crate::en!(
    "This browser is not keeping your work between visits (storage is blocked or full); \
                            the link in the address bar still holds your run."
);

/// Whether [`NOT_KEPT`] was given in this page already.
static TOLD: AtomicBool = AtomicBool::new(false);

/// Saves text under a key. When storage is unavailable or full, the first failure in this page
/// returns [`NOT_KEPT`] to tell the learner; every later one returns `None`, as a success does.
pub fn keep(key: &str, text: &str) -> Option<&'static str> {
    let saved = storage().is_some_and(|s| s.set_item(key, text).is_ok());
    (!saved && !TOLD.swap(true, Ordering::Relaxed)).then(|| crate::i18n::translate(NOT_KEPT))
}

/// The text saved under a key, if any.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Sets saved text aside (when it could not be read), so it is not loaded again blindly.
pub fn set_aside(key: &str, text: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("{key}.unreadable"), text);
        let _ = s.remove_item(key);
    }
}

/// Copies text to the clipboard, then calls `done` with whether it worked. The clipboard is
/// missing outside secure contexts (a page served over plain http from another machine) and
/// may refuse; both are reported, never thrown.
pub fn copy(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return done(false) };
    let present = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !present {
        return done(false);
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

/// Copies the link `url`, then hands `say` the sentence to tell the learner: `copied` when it
/// worked, else the link itself to copy by hand.
pub fn copy_link(url: String, copied: String, say: impl FnOnce(String) + 'static) {
    copy(&url.clone(), move |ok| {
        say(if ok { copied } else { crate::tf!("The browser did not let the page copy. Copy this link: {0}", url) })
    });
}

/// A seed for a new scenario, from the browser's random source.
pub fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        return 1;
    }
    u64::from_le_bytes(bytes) % 1_000_000
}

/// Runs `f` once after `ms` milliseconds; the returned handle cancels it when dropped. `f` is
/// boxed so that every caller shares one copy of the code.
pub struct Timeout {
    id: i32,
    _closure: Closure<dyn FnMut()>,
}

impl Timeout {
    pub fn new(ms: u32, f: Box<dyn FnOnce()>) -> Option<Self> {
        let mut f = Some(f);
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f()
            }
        });
        let id = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(closure.as_ref().unchecked_ref(), ms as i32)
            .ok()?;
        Some(Timeout { id, _closure: closure })
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.id);
        }
    }
}

/// Runs `f` once in a task after the next frame has been drawn (a timeout queued by a
/// requestAnimationFrame callback), so that work the learner does not see (writing the URL,
/// saving) never delays the paint of what they did. Dropping the handle cancels it.
pub struct AfterPaint {
    frame: i32,
    _closure: Closure<dyn FnMut()>,
    timeout: std::rc::Rc<std::cell::Cell<Option<Timeout>>>,
}

impl AfterPaint {
    pub fn new(f: Box<dyn FnOnce()>) -> Option<Self> {
        let timeout = std::rc::Rc::new(std::cell::Cell::new(None));
        let mut f = Some(f);
        let slot = timeout.clone();
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                slot.set(Timeout::new(0, f));
            }
        });
        let frame = web_sys::window()?.request_animation_frame(closure.as_ref().unchecked_ref()).ok()?;
        Some(AfterPaint { frame, _closure: closure, timeout })
    }
}

impl Drop for AfterPaint {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.cancel_animation_frame(self.frame);
        }
        drop(self.timeout.take());
    }
}

/// Listens to one kind of event on the document or the window while the handle lives.
pub struct Listener {
    target: web_sys::EventTarget,
    name: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    /// `name` events on `target` (e.g. `scroll` on an element, which Yew's delegated handlers
    /// do not see: it does not bubble).
    pub fn new(
        target: web_sys::EventTarget,
        name: &'static str,
        f: impl FnMut(web_sys::Event) + 'static,
    ) -> Option<Self> {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
        target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref()).ok()?;
        Some(Listener { target, name, closure })
    }

    /// `keydown` on the document.
    pub fn keys(mut f: impl FnMut(web_sys::KeyboardEvent) + 'static) -> Option<Self> {
        let document = web_sys::window()?.document()?;
        Self::new(document.into(), "keydown", move |e| {
            if let Ok(k) = e.dyn_into::<web_sys::KeyboardEvent>() {
                f(k)
            }
        })
    }

    /// `hashchange` on the window: the person pasted or navigated to another link (our own
    /// `replaceState` never fires it).
    pub fn hash_changes(mut f: impl FnMut() + 'static) -> Option<Self> {
        Self::new(web_sys::window()?.into(), "hashchange", move |_| f())
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.name, self.closure.as_ref().unchecked_ref());
    }
}

/// Whether a key press is the learner typing in a field (or with Alt or Meta held): the page's
/// single-key shortcuts leave it alone.
pub fn typing(e: &web_sys::KeyboardEvent) -> bool {
    let in_field = e
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
    in_field || e.alt_key() || e.meta_key()
}
