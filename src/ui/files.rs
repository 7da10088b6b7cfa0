//! Browser glue for files: downloads (a Blob, an object URL and a temporary `<a download>`),
//! self-contained SVG images of the live diagrams (computed styles inlined through the CSSOM,
//! never a `style` attribute string, so a strict Content-Security-Policy allows it), PNGs drawn
//! from them on a canvas at 2×, reading the files a person chooses or drops, and the page-wide
//! drop listener. Every call degrades gracefully: failures are reported, never thrown.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::formats::svg::{self, Rect};

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Revokes an object URL a little later (a download must have started with it first).
fn revoke_later(url: String) {
    let Some(window) = web_sys::window() else { return };
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 30_000);
}

/// Saves a blob as a file named `name`; `false` when the browser refused.
pub fn download_blob(name: &str, blob: &web_sys::Blob) -> bool {
    let Some(document) = document() else { return false };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return false };
    let Some(a) = document.create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return false;
    };
    a.set_href(&url);
    a.set_download(name);
    a.set_class_name("hidden-download");
    let Some(body) = document.body() else { return false };
    let _ = body.append_child(&a);
    a.click();
    a.remove();
    revoke_later(url);
    true
}

fn text_blob(text: &str, mime: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()
}

/// Saves text (UTF-8) as a file named `name` of the given MIME type.
pub fn download_text(name: &str, mime: &str, text: &str) -> bool {
    text_blob(text, mime).is_some_and(|blob| download_blob(name, &blob))
}

/// A diagram as a standalone SVG document, and its size on screen in CSS pixels.
pub struct SvgImage {
    pub markup: String,
    pub width: f64,
    pub height: f64,
}

/// The presentation properties copied from each element's computed style. All but `opacity`
/// and `display` are inherited, so a value equal to the parent's is left out.
const INHERITED: [&str; 15] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "paint-order",
    "visibility",
];

/// What an inherited property is on the root before any style (so the root need not say it).
fn initial(property: &str) -> &'static str {
    match property {
        "fill" => "rgb(0, 0, 0)",
        "fill-opacity" | "stroke-opacity" => "1",
        "stroke" | "stroke-dasharray" => "none",
        "stroke-width" => "1px",
        "stroke-linecap" => "butt",
        "stroke-linejoin" => "miter",
        "font-weight" => "400",
        "font-style" | "paint-order" => "normal",
        "text-anchor" => "start",
        "visibility" => "visible",
        _ => "",
    }
}

/// The first non-transparent background colour of the element or its ancestors.
fn background(window: &web_sys::Window, element: &web_sys::Element) -> String {
    let mut at = Some(element.clone());
    while let Some(el) = at {
        if let Ok(Some(style)) = window.get_computed_style(&el) {
            let bg = style.get_property_value("background-color").unwrap_or_default();
            if !bg.is_empty() && bg != "transparent" && bg != "rgba(0, 0, 0, 0)" {
                return bg;
            }
        }
        at = el.parent_element();
    }
    "rgb(255, 255, 255)".into()
}

/// The live `<svg>` as a self-contained SVG document at its on-screen size (grown to hold a
/// label past its edge, [`svg::fit`]), naming its fonts ([`svg::font_family`]): every element's
/// computed presentation style set on a copy through the CSSOM (so the file needs no
/// stylesheet), a background rectangle in the page's colour, no scripts and no references
/// outside the file (a computed value that refers to a URL is left out).
pub fn serialize_svg(svg: &web_sys::Element) -> Option<SvgImage> {
    let window = web_sys::window()?;
    let rect = svg.get_bounding_client_rect();
    let (width, height) = (rect.width().round().max(1.0), rect.height().round().max(1.0));
    let copy: web_sys::Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let originals = svg.query_selector_all("*").ok()?;
    let copies = copy.query_selector_all("*").ok()?;
    let mut pairs = vec![(svg.clone(), copy.clone())];
    for i in 0..originals.length().min(copies.length()) {
        let (Some(a), Some(b)) = (originals.item(i), copies.item(i)) else { continue };
        if let (Ok(a), Ok(b)) = (a.dyn_into::<web_sys::Element>(), b.dyn_into::<web_sys::Element>()) {
            pairs.push((a, b));
        }
    }
    for (original, copy) in &pairs {
        let Ok(Some(style)) = window.get_computed_style(original) else { continue };
        let parent = original
            .parent_element()
            .filter(|_| original != svg)
            .and_then(|p| window.get_computed_style(&p).ok().flatten());
        let Ok(target) = copy.clone().dyn_into::<web_sys::SvgElement>() else { continue };
        let inline = target.style();
        for property in INHERITED {
            let value = style.get_property_value(property).unwrap_or_default();
            let inherited = match &parent {
                Some(p) => p.get_property_value(property).unwrap_or_default(),
                None => initial(property).to_string(),
            };
            if value.is_empty() || value.contains("url(") || value == inherited {
                continue;
            }
            let _ = inline.set_property(property, &value);
        }
        let opacity = style.get_property_value("opacity").unwrap_or_default();
        if !opacity.is_empty() && opacity != "1" {
            let _ = inline.set_property("opacity", &opacity);
        }
        if style.get_property_value("display").unwrap_or_default() == "none" {
            let _ = inline.set_property("display", "none");
        }
        // Interaction-only attributes mean nothing in a file.
        for attribute in ["tabindex", "aria-pressed", "data-seq"] {
            let _ = copy.remove_attribute(attribute);
        }
    }
    // A viewBox that holds every label, even one drawn past the diagram's edge ("cut S1"); the
    // image grows with it at the same scale.
    let view_box = svg
        .get_attribute("viewBox")
        .and_then(|v| {
            let n: Vec<f64> = v.split([' ', ',']).filter(|p| !p.is_empty()).filter_map(|p| p.parse().ok()).collect();
            match n[..] {
                [x, y, width, height] if width > 0.0 && height > 0.0 => Some(Rect { x, y, width, height }),
                _ => None,
            }
        })
        .unwrap_or(Rect { x: 0.0, y: 0.0, width, height });
    let (scale_x, scale_y) = (view_box.width / rect.width().max(1.0), view_box.height / rect.height().max(1.0));
    let labels = svg.query_selector_all("text").ok()?;
    let drawn: Vec<Rect> = (0..labels.length())
        .filter_map(|i| labels.item(i)?.dyn_into::<web_sys::Element>().ok())
        .map(|label| {
            let r = label.get_bounding_client_rect();
            Rect {
                x: view_box.x + (r.left() - rect.left()) * scale_x,
                y: view_box.y + (r.top() - rect.top()) * scale_y,
                width: r.width() * scale_x,
                height: r.height() * scale_y,
            }
        })
        .collect();
    let fitted = svg::fit(view_box, &drawn);
    let width = (width * fitted.width / view_box.width).round();
    let height = (height * fitted.height / view_box.height).round();
    copy.set_attribute("viewBox", &fitted.view_box()).ok()?;
    copy.set_attribute("width", &width.to_string()).ok()?;
    copy.set_attribute("height", &height.to_string()).ok()?;
    copy.set_attribute("xmlns", "http://www.w3.org/2000/svg").ok()?;
    for attribute in ["class", "role", "tabindex"] {
        let _ = copy.remove_attribute(attribute);
    }
    // The file names its fonts (a sans-serif stack, the CJK fonts first for Korean and Chinese),
    // so a viewer without the page's stylesheet does not fall back to a serif font.
    let language =
        document().and_then(|d| d.document_element()).and_then(|e| e.get_attribute("lang")).unwrap_or_default();
    let fonts = svg::font_family(language.split('-').next().unwrap_or_default());
    copy.set_attribute("font-family", &fonts).ok()?;
    if let Ok(root) = copy.clone().dyn_into::<web_sys::SvgElement>() {
        let _ = root.style().set_property("font-family", &fonts);
    }
    // A background in the page's colour, under everything (also under letterboxing).
    let document = document()?;
    let back = document.create_element_ns(Some("http://www.w3.org/2000/svg"), "rect").ok()?;
    for (k, v) in [("x", "-50%"), ("y", "-50%"), ("width", "200%"), ("height", "200%")] {
        back.set_attribute(k, v).ok()?;
    }
    back.set_attribute("fill", &background(&window, svg)).ok()?;
    copy.insert_before(&back, copy.first_child().as_ref()).ok()?;
    let markup = web_sys::XmlSerializer::new().ok()?.serialize_to_string(&copy).ok()?;
    Some(SvgImage { markup: format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{markup}\n"), width, height })
}

/// Draws the SVG image on a canvas at twice its on-screen size and saves it as a PNG; calls
/// `done` with whether it worked.
pub fn download_png(name: &str, image: &SvgImage, done: impl FnOnce(bool) + 'static) {
    let name = name.to_string();
    let (width, height) = ((image.width * 2.0) as u32, (image.height * 2.0) as u32);
    let Some(blob) = text_blob(&image.markup, "image/svg+xml;charset=utf-8") else { return done(false) };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return done(false) };
    let Ok(img) = web_sys::HtmlImageElement::new() else { return done(false) };
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let finish = {
        let done = done.clone();
        move |ok: bool| {
            if let Some(f) = done.borrow_mut().take() {
                f(ok)
            }
        }
    };
    let on_error = {
        let finish = finish.clone();
        let url = url.clone();
        Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
            finish(false)
        })
    };
    let on_load = {
        let img = img.clone();
        let url = url.clone();
        Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
            let drawn = (|| {
                let canvas: web_sys::HtmlCanvasElement = document()?.create_element("canvas").ok()?.dyn_into().ok()?;
                canvas.set_width(width);
                canvas.set_height(height);
                let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
                context
                    .draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, width as f64, height as f64)
                    .ok()?;
                Some(canvas)
            })();
            let Some(canvas) = drawn else { return finish(false) };
            let finish_blob = finish.clone();
            let on_blob = Closure::once_into_js(move |blob: JsValue| match blob.dyn_into::<web_sys::Blob>() {
                Ok(blob) => finish_blob(download_blob(&name, &blob)),
                Err(_) => finish_blob(false),
            });
            if canvas.to_blob_with_type(on_blob.unchecked_ref(), "image/png").is_err() {
                finish(false);
            }
        })
    };
    img.set_onload(Some(on_load.unchecked_ref()));
    img.set_onerror(Some(on_error.unchecked_ref()));
    img.set_src(&url);
}

/// Reads the files of a list as text, then calls `done` with `(name, text)` pairs, or with the
/// name of a file that could not be read.
pub fn read_files(list: web_sys::FileList, done: impl FnOnce(Result<Vec<(String, String)>, String>) + 'static) {
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    wasm_bindgen_futures::spawn_local(async move {
        let mut out = Vec::with_capacity(files.len());
        for file in files {
            let name = file.name();
            match wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()) {
                Some(text) => out.push((name, text)),
                None => return done(Err(name)),
            }
        }
        done(Ok(out))
    });
}

/// Listens for files dragged onto the page while the handle lives: `dragover` is accepted (so
/// the browser lets them drop instead of opening them) and `drop` hands over the files.
pub struct DropListener {
    document: web_sys::Document,
    over: Closure<dyn FnMut(web_sys::DragEvent)>,
    drop: Closure<dyn FnMut(web_sys::DragEvent)>,
}

impl DropListener {
    pub fn new(mut on_files: impl FnMut(web_sys::FileList) + 'static) -> Option<Self> {
        let document = document()?;
        let has_files = |e: &web_sys::DragEvent| {
            e.data_transfer().is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
        };
        let over = Closure::<dyn FnMut(web_sys::DragEvent)>::new(move |e: web_sys::DragEvent| {
            if has_files(&e) {
                e.prevent_default();
            }
        });
        let drop = Closure::<dyn FnMut(web_sys::DragEvent)>::new(move |e: web_sys::DragEvent| {
            if let Some(files) = e.data_transfer().and_then(|d| d.files()).filter(|f| f.length() > 0) {
                e.prevent_default();
                on_files(files);
            }
        });
        document.add_event_listener_with_callback("dragover", over.as_ref().unchecked_ref()).ok()?;
        document.add_event_listener_with_callback("drop", drop.as_ref().unchecked_ref()).ok()?;
        Some(DropListener { document, over, drop })
    }
}

impl Drop for DropListener {
    fn drop(&mut self) {
        let _ = self.document.remove_event_listener_with_callback("dragover", self.over.as_ref().unchecked_ref());
        let _ = self.document.remove_event_listener_with_callback("drop", self.drop.as_ref().unchecked_ref());
    }
}

/// What is called with a worker's answer.
type Answer = Box<dyn FnOnce(Vec<String>)>;

/// The file worker (`snapshot-lab-files`, `src/files_worker.rs`), started on first use.
struct FileWorker {
    worker: web_sys::Worker,
    ready: bool,
    /// The worker failed to start or broke: the next request starts a new one.
    broken: bool,
    /// Requests waiting for the worker to be ready.
    queue: Vec<js_sys::Array>,
    /// Callbacks waiting for answers, by request id.
    pending: Vec<(u32, Answer)>,
    next_id: u32,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static WORKER: std::cell::RefCell<Option<FileWorker>> = const { std::cell::RefCell::new(None) };
}

/// Where Trunk puts the worker's loader, next to the page.
const WORKER_URL: &str = "./snapshot-lab-files_loader.js";

fn start_worker() -> Option<FileWorker> {
    let worker = web_sys::Worker::new(WORKER_URL).ok()?;
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        let data: Vec<String> =
            js_sys::Array::from(&e.data()).iter().map(|v| v.as_string().unwrap_or_default()).collect();
        if data.first().map(String::as_str) == Some("ready") {
            let queue = WORKER.with_borrow_mut(|w| {
                w.as_mut().map(|w| {
                    w.ready = true;
                    (w.worker.clone(), std::mem::take(&mut w.queue))
                })
            });
            if let Some((worker, queue)) = queue {
                // The page's language first (`src/files_worker.rs`), if it is not English.
                if let Some(catalog) = web_sys::window()
                    .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("snapshotLabCatalog")).ok())
                    .filter(|c| c.is_string())
                {
                    let _ = worker.post_message(&js_sys::Array::of2(&JsValue::from_str("catalog"), &catalog));
                }
                for message in queue {
                    let _ = worker.post_message(&message);
                }
            }
            return;
        }
        let Some((id, answer)) = data.split_first() else { return };
        let id: u32 = id.parse().unwrap_or(u32::MAX);
        let done = WORKER.with_borrow_mut(|w| {
            let w = w.as_mut()?;
            let at = w.pending.iter().position(|(i, _)| *i == id)?;
            Some(w.pending.remove(at).1)
        });
        if let Some(done) = done {
            done(answer.to_vec());
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_| {
        // The worker could not start (or broke): every waiting request gets an error, and the
        // next request starts a new worker.
        let pending = WORKER
            .with_borrow_mut(|w| {
                w.as_mut().map(|w| {
                    w.broken = true;
                    std::mem::take(&mut w.pending)
                })
            })
            .unwrap_or_default();
        for (_, done) in pending {
            done(vec!["error".into(), crate::i18n::tr("the page's file tools could not be loaded").into()]);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(FileWorker {
        worker,
        ready: false,
        broken: false,
        queue: Vec::new(),
        pending: Vec::new(),
        next_id: 0,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Sends a request to the file worker (starting it if needed) and calls `done` with its answer
/// (`formats::job`); `["error", …]` when the worker cannot be started.
pub fn ask(request: &[&str], done: impl FnOnce(Vec<String>) + 'static) {
    let mut done: Option<Answer> = Some(Box::new(done));
    WORKER.with_borrow_mut(|slot| {
        if slot.as_ref().is_none_or(|w| w.broken) {
            if let Some(old) = slot.take() {
                old.worker.terminate();
            }
            *slot = start_worker();
        }
        let Some(w) = slot.as_mut() else { return };
        let Some(callback) = done.take() else { return };
        w.next_id += 1;
        let message = js_sys::Array::of1(&JsValue::from_str(&w.next_id.to_string()));
        for part in request {
            message.push(&JsValue::from_str(part));
        }
        w.pending.push((w.next_id, callback));
        if w.ready {
            let _ = w.worker.post_message(&message);
        } else {
            w.queue.push(message);
        }
    });
    if let Some(done) = done {
        done(vec!["error".into(), crate::i18n::tr("the page's file tools could not be started").into()]);
    }
}
