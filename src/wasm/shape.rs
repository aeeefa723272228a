//! JS values made JSON ones for the core's reading of them (`crate::from_js`), after catching
//! what JSON cannot carry: a `NaN` would become `null`, read as not given, and a function would
//! be dropped.

use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::from_js::{not_an_object, quoted, Refusal, Unusable};

/// `options` as a JSON value, `None` when not given (`undefined` or `null`): serde-wasm-bindgen
/// alone reads only the fields a type knows, and a misspelt option must be an error, not
/// silently dropped. `what` names the whole (`options`, `the query`) in messages about it.
pub(super) fn json(options: Option<JsValue>, what: &str) -> Result<Option<Value>, Refusal> {
    let Some(value) = options.filter(|value| !value.is_null() && !value.is_undefined()) else {
        return Ok(None);
    };
    if let Some(problem) = unusable_value(&value, "") {
        let why = problem.texts(what);
        return Err(match problem {
            Unusable::NotFinite(path) => Refusal::of_value_at(&path, why),
            Unusable::Function(_) => Refusal::invalid_options(None, why),
        });
    }
    if js_sys::Array::is_array(&value) || !value.is_object() {
        return Err(Refusal::invalid_options(
            None,
            not_an_object(what, &describe_js(&value)),
        ));
    }
    serde_wasm_bindgen::from_value(value)
        .map(Some)
        .map_err(|_| Refusal::invalid_options(None, not_an_object(what, "{…}")))
}

/// Where in `value`, below `path`, there is a number that is `NaN` or infinite (`margin:
/// Number('30%')`) or a function, if anywhere.
pub(super) fn unusable_value(value: &JsValue, path: &str) -> Option<Unusable> {
    if let Some(number) = value.as_f64() {
        return (!number.is_finite()).then(|| Unusable::NotFinite(path.to_string()));
    }
    if value.is_function() {
        return Some(Unusable::Function(path.to_string()));
    }
    if js_sys::Array::is_array(value) {
        let items: &js_sys::Array = value.unchecked_ref();
        return (0..items.length())
            .find_map(|index| unusable_value(&items.get(index), &format!("{path}[{index}]")));
    }
    if !value.is_object() {
        return None;
    }
    let entries = js_sys::Object::entries(value.unchecked_ref());
    entries.iter().find_map(|entry| {
        let entry = js_sys::Array::from(&entry);
        let key = entry.get(0).as_string()?;
        let path = if path.is_empty() {
            key
        } else {
            format!("{path}.{key}")
        };
        unusable_value(&entry.get(1), &path)
    })
}

/// A JS value as a message shows it.
fn describe_js(value: &JsValue) -> String {
    if js_sys::Array::is_array(value) {
        return "an array".into();
    }
    if let Some(text) = value.as_string() {
        quoted(&text)
    } else if let Some(number) = value.as_f64() {
        number.to_string()
    } else if let Some(yes) = value.as_bool() {
        yes.to_string()
    } else {
        "a value of another kind".into()
    }
}
