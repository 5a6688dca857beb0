//! The OpenAPI document, built from the table the routes are built from
//! (`api::OPERATIONS`): an operation cannot be served without being
//! documented, or documented without being served (a test checks both).

use serde_json::{json, Map, Value};

/// A parameter of an operation.
pub struct Param {
    pub name: &'static str,
    /// `path`, `query` or `header`.
    pub location: &'static str,
    pub required: bool,
    pub description: &'static str,
    /// `string` or `integer`.
    pub kind: &'static str,
    /// Bounds: the length of a string, the value of an integer.
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// One operation of the API.
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    /// The role actions it needs, in words (`None`: public).
    pub needs: Option<&'static str>,
    pub params: &'static [Param],
    /// The request body's media type, if it has one.
    pub body: Option<&'static str>,
    /// Statuses besides the common ones (401, 403, 429 for protected paths).
    pub responses: &'static [(u16, &'static str)],
}

const PURPOSE: Param = Param {
    name: "X-Purpose",
    location: "header",
    required: false,
    description: "Why the request is made; recorded in the audit. Default: crime-prevention. 1-64 letters, digits, spaces, - _ . /",
    kind: "string",
    min: Some(1),
    max: Some(64),
};

fn error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "description": "A stable code: unauthorized, forbidden, not_found, bad_request, invalid, conflict, refused, too_many_requests, internal"},
            "message": {"type": "string"},
            "details": {"type": "array", "items": {"type": "string"}},
            "reasons": {"type": "array", "description": "For `refused`: the safeguards that block the step", "items": {
                "type": "object", "required": ["rule", "text"],
                "properties": {"rule": {"type": "string"}, "text": {"type": "string"}}}}
        }
    })
}

fn param(p: &Param) -> Value {
    let mut schema = json!({"type": p.kind});
    let (low, high) = if p.kind == "integer" {
        ("minimum", "maximum")
    } else {
        ("minLength", "maxLength")
    };
    if let Some(min) = p.min {
        schema[low] = json!(min);
    }
    if let Some(max) = p.max {
        schema[high] = json!(max);
    }
    json!({
        "name": p.name, "in": p.location, "required": p.required,
        "description": p.description, "schema": schema
    })
}

pub fn document(operations: &[Operation]) -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for op in operations {
        let mut responses = Map::new();
        for (status, what) in op.responses {
            let content = if *status < 300 {
                json!({"application/json": {"schema": {"type": "object"}}})
            } else {
                json!({"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}})
            };
            responses.insert(
                status.to_string(),
                json!({"description": what, "content": content}),
            );
        }
        let mut params: Vec<Value> = op.params.iter().map(param).collect();
        if op.needs.is_some() {
            for (status, what) in [
                (400, "a malformed request or X-Purpose"),
                (401, "no valid bearer token"),
                (403, "the caller's role may not do this"),
                (429, "the token's rate limit is exceeded"),
            ] {
                responses.entry(status.to_string()).or_insert_with(|| {
                    json!({"description": what, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
                });
            }
            params.push(param(&PURPOSE));
        }
        let mut operation = json!({
            "summary": op.summary,
            "operationId": format!("{}{}", op.method, op.path.replace(['/', '{', '}', '.'], "_")),
            "parameters": params,
            "responses": responses,
        });
        match op.needs {
            Some(needs) => {
                operation["security"] = json!([{"bearer": []}]);
                operation["description"] = json!(format!("Needs a role that may {needs}."));
            }
            None => operation["security"] = json!([]),
        }
        if let Some(media) = op.body {
            operation["requestBody"] = json!({
                "required": true,
                "content": {media: {"schema": if media == "application/json" { json!({"type": "object"}) } else { json!({"type": "string", "description": "JSON Lines: one report a line"}) }}}
            });
        }
        paths
            .entry(op.path.to_owned())
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("a path item is an object")
            .insert(op.method.to_owned(), operation);
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Corridor node API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every path but /v1/health and /v1/openapi.json needs a bearer token. What a caller receives is what the node's policy lets the caller's agency see: protected people appear as pseudonyms keyed to that agency."
        },
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": error_schema()}
        }
    })
}
