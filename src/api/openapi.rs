//! The OpenAPI 3.1 document, built with utoipa's types from the operations
//! the route table describes (`routes::api`), themselves made from the
//! declarations the handlers read. `routes::docs` serves it.

use super::answers;
use super::body::{Field, Ty};
use super::operation::{Answer, Operation, RequestBody};
use super::records::PER_PAGE_MAX;
use actix_web::http::Method;
use serde_json::{json, Value};
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, Header, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, Ref, RefOr,
    Required, ResponseBuilder,
};

/// Statuses every operation may answer, besides its own.
const ERRORS: &[(u16, &str)] = &[
    (400, "The request could not be read (a parameter given twice, a body that is not JSON)"),
    (401, "No token, or its session has ended"),
    (403, "The token's role may not do this, or not to this record"),
    (404, "No such record"),
    (409, "Someone else changed it first: `current` holds it as it is now"),
    (413, "The body or a file is larger than allowed"),
    (415, "The body is not in the format this address reads"),
    (422, "Bad input: `fields` names every bad field with its messages"),
    (429, "Too many requests with this token: wait for the seconds in Retry-After"),
];

fn typed(t: Type, nullable: bool) -> SchemaType {
    if nullable {
        SchemaType::from_iter([t, Type::Null])
    } else {
        SchemaType::from(t)
    }
}

/// A request field's schema: its names and ranges.
fn field_schema(field: &Field) -> Schema {
    let nullable = !field.required;
    let described = |b: ObjectBuilder| b.description(Some(field.doc));
    let schema: Schema = match field.ty {
        // A council's DfE number is three digits.
        Ty::Text if field.name == "la" => {
            described(ObjectBuilder::new().schema_type(typed(Type::String, nullable)).pattern(Some("^[0-9]{3}$")))
                .into()
        }
        Ty::Text => described(ObjectBuilder::new().schema_type(typed(Type::String, nullable))).into(),
        Ty::Date => described(
            ObjectBuilder::new()
                .schema_type(typed(Type::String, nullable))
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        )
        .into(),
        Ty::Integer => {
            let b = ObjectBuilder::new()
                .schema_type(typed(Type::Integer, nullable))
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)));
            let b = match field.name {
                "page" => b.minimum(Some(1)).maximum(Some(i32::MAX)),
                "per_page" => b.minimum(Some(1)).maximum(Some(PER_PAGE_MAX as i32)),
                "months" => b.minimum(Some(1)).maximum(Some(120)),
                _ => b.minimum(Some(i32::MIN)).maximum(Some(i32::MAX)),
            };
            described(b).into()
        }
        Ty::Id => described(
            ObjectBuilder::new()
                .schema_type(typed(Type::Integer, nullable))
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                .minimum(Some(1))
                .maximum(Some(i64::MAX)),
        )
        .into(),
        Ty::Number => described(ObjectBuilder::new().schema_type(typed(Type::Number, nullable))).into(),
        Ty::Bool => described(ObjectBuilder::new().schema_type(typed(Type::Boolean, nullable))).into(),
        Ty::Ids => {
            let item = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).maximum(Some(i64::MAX));
            let array = ArrayBuilder::new().schema_type(typed(Type::Array, nullable)).items(item);
            array.description(Some(format!("{} (a set: an id given twice is one id)", field.doc))).into()
        }
        Ty::Choice(names) => {
            let mut values: Vec<Value> = names.iter().map(|n| json!(n)).collect();
            if nullable {
                values.push(Value::Null);
            }
            described(ObjectBuilder::new().schema_type(typed(Type::String, nullable)).enum_values(Some(values))).into()
        }
    };
    schema
}

/// A request body's schema: exactly these fields.
fn body_schema(fields: &[Field]) -> Schema {
    let mut b = ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    for f in fields {
        b = b.property(f.name, field_schema(f));
        if f.required {
            b = b.required(f.name);
        }
    }
    b.into()
}

fn reference(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

fn page_schema(item: &str) -> Schema {
    let integer = || ObjectBuilder::new().schema_type(Type::Integer);
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("items", ArrayBuilder::new().items(reference(item)))
        .property("total", integer())
        .property("page", integer())
        .property("per_page", integer())
        .property(
            "next",
            ObjectBuilder::new()
                .schema_type(typed(Type::String, true))
                .description(Some("The address of the next page; null on the last")),
        )
        .required("items")
        .required("total")
        .required("page")
        .required("per_page")
        .required("next")
        .into()
}

fn error_schema() -> Schema {
    let text = || ObjectBuilder::new().schema_type(Type::String);
    let fields =
        ObjectBuilder::new().schema_type(Type::Object).additional_properties(Some(ArrayBuilder::new().items(text())));
    let error = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("code", text().description(Some("invalid, bad_request, not_found, unauthorized, forbidden, conflict, too_large, unsupported_media_type, too_many_requests, internal")))
        .property("message", text())
        .property("fields", fields.description(Some("Each bad field's messages (422 only)")))
        .property("reference", text().description(Some("Quote it when reporting a failure on our side (500 only)")))
        .required("code")
        .required("message");
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("error", error)
        .property("current", ObjectBuilder::new().description(Some("409 only: the record as it is now")))
        .required("error")
        .into()
}

fn path_parameters(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| s.starts_with('{'))
        .map(|s| s.trim_matches(|c| c == '{' || c == '}').to_string())
        .collect()
}

fn operation(op: &Operation) -> utoipa::openapi::path::Operation {
    let d = &op.description;
    let role = op.role.map_or("public", |r| r.as_str());
    let mut b = OperationBuilder::new()
        .summary(Some(d.summary.clone()))
        .description(Some(format!("Least role: {role}.")))
        .tag(d.tag)
        .operation_id(Some(format!(
            "{}{}",
            op.method.as_str().to_lowercase(),
            op.path.replace(['/', '{', '}', '.', '-'], "_")
        )))
        .extensions(Some(ExtensionsBuilder::new().add("x-sustain-role", role).build()));
    if op.role.is_none() {
        b = b.securities(Some(Vec::<SecurityRequirement>::new()));
    }
    for name in path_parameters(op.path) {
        let schema = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(1))
            .maximum(Some(i64::MAX));
        b = b.parameter(
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(schema)),
        );
    }
    for f in &d.query {
        b = b.parameter(
            ParameterBuilder::new()
                .name(f.name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(f.doc))
                .schema(Some(field_schema(&Field { required: true, ..*f }))),
        );
    }
    match &d.body {
        RequestBody::None => {}
        RequestBody::Json(fields) => {
            let content = ContentBuilder::new().schema(Some(body_schema(fields))).build();
            b = b.request_body(Some(
                RequestBodyBuilder::new().content("application/json", content).required(Some(Required::True)).build(),
            ));
        }
        RequestBody::Schema(name) => {
            let content = ContentBuilder::new().schema(Some(reference(name.as_ref()))).build();
            b = b.request_body(Some(
                RequestBodyBuilder::new().content("application/json", content).required(Some(Required::True)).build(),
            ));
        }
        RequestBody::Files => {
            let file = ObjectBuilder::new().schema_type(Type::String).content_media_type("application/octet-stream");
            let schema = ObjectBuilder::new()
                .schema_type(Type::Object)
                .property("version", ObjectBuilder::new().schema_type(Type::Integer))
                .property("file", ArrayBuilder::new().items(file))
                .required("version")
                .required("file");
            let content = ContentBuilder::new().schema(Some(schema)).build();
            b = b.request_body(Some(
                RequestBodyBuilder::new()
                    .content("multipart/form-data", content)
                    .required(Some(Required::True))
                    .build(),
            ));
        }
    }
    let ok = ResponseBuilder::new().description(d.summary.clone());
    let ok = match &d.answer {
        Answer::Record(name) => {
            ok.content("application/json", ContentBuilder::new().schema(Some(reference(name.as_ref()))).build())
        }
        Answer::Page(name) => {
            ok.content("application/json", ContentBuilder::new().schema(Some(page_schema(name.as_ref()))).build())
        }
        Answer::Object => ok.content(
            "application/json",
            ContentBuilder::new().schema(Some(ObjectBuilder::new().schema_type(Type::Object))).build(),
        ),
        Answer::Empty => ok,
        Answer::File => ok.content("application/octet-stream", ContentBuilder::new().build()),
        Answer::Html => ok.content("text/html", ContentBuilder::new().build()),
    };
    let ok = ok.build();
    if let Some(also) = d.also {
        b = b.response(also.to_string(), ok.clone());
    }
    b = b.response(d.status.to_string(), ok);
    for (status, words) in ERRORS {
        let applies = match status {
            401 => op.role.is_some() || op.path == "/api/v1/tokens",
            403 => op.role.is_some(),
            404 => op.path.contains('{') || d.may_not_find,
            409 => d.versioned,
            413 | 415 => !matches!(d.body, RequestBody::None),
            422 => !d.query.is_empty() || !matches!(d.body, RequestBody::None),
            400 => !d.query.is_empty() || !matches!(d.body, RequestBody::None),
            429 => op.role.is_some() || op.path == "/api/v1/tokens",
            _ => true,
        };
        if applies {
            let mut response = ResponseBuilder::new()
                .description(*words)
                .content("application/json", ContentBuilder::new().schema(Some(reference("error"))).build());
            if *status == 429 {
                response = response.header("Retry-After", Header::new(ObjectBuilder::new().schema_type(Type::Integer)));
            }
            b = b.response(status.to_string(), response);
        }
    }
    b.build()
}

fn method(method: &Method) -> HttpMethod {
    match *method {
        Method::POST => HttpMethod::Post,
        Method::PUT => HttpMethod::Put,
        Method::DELETE => HttpMethod::Delete,
        _ => HttpMethod::Get,
    }
}

/// The whole document, of these operations.
pub fn document(operations: Vec<Operation>) -> OpenApi {
    let mut paths = PathsBuilder::new();
    for op in operations {
        paths = paths.path(op.path, PathItem::new(method(&op.method), operation(&op)));
    }
    let components =
        ComponentsBuilder::new().schema("error", error_schema()).schemas_from_iter(answers::schemas()).security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Sustain API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some("Every record and every verdict of the improvement plan, and how the council compares on the DfE's published figures. Send `Authorization: Bearer TOKEN` from POST /api/v1/tokens. Each operation's least role is in `x-sustain-role`.")),
        )
        .paths(paths.build())
        .components(Some(components.build()))
        .security(Some(vec![SecurityRequirement::new("bearer", Vec::<String>::new())]))
        .build()
}
