//! `snapshot-lab-files`: the page's file work in a web worker (wasm32). The page starts it
//! (`snapshot-lab-files_loader.js`, made by Trunk) the first time a person exports or opens a
//! file, so the text form, the run JSON, Mermaid, ShiViz and COS 418 code is not part of the
//! page's first load. It says `["ready"]` once, then answers each message, an array
//! `[ID, …request]` of strings, with `[ID, …answer]` (`formats::job`). The page may first
//! send `["catalog", TEXT]`, its language's catalog: what an answer tells the learner (errors,
//! what was opened) is then in that language. The exported files are the same in every
//! language: the core reads no catalog.
//! Natively it only says what it is.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else { return };
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let data = js_sys::Array::from(&e.data());
        let strings: Vec<String> = data.iter().map(|v| v.as_string().unwrap_or_default()).collect();
        // `["catalog", TEXT]`, once, before any request: the page's language
        // (`snapshot_lab::i18n::install`), for what an answer tells the learner.
        if let [kind, catalog] = strings.as_slice() {
            if kind == "catalog" {
                snapshot_lab::i18n::install(catalog.clone());
                return;
            }
        }
        let Some((id, request)) = strings.split_first() else { return };
        let answer = snapshot_lab::formats::job::answer_in(request, snapshot_lab::i18n::say);
        let out = js_sys::Array::new();
        out.push(&JsValue::from_str(id));
        for s in &answer {
            out.push(&JsValue::from_str(s));
        }
        let _ = reply.post_message(&out);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = js_sys::Array::of1(&JsValue::from_str("ready"));
    let _ = scope.post_message(&ready);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("snapshot-lab-files is the web page's file worker; the command line is snapshot-lab");
    std::process::exit(2);
}
