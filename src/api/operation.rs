//! What the OpenAPI document says of an operation. Each API row of the route
//! table carries a `Description`; its method, path and least role are the
//! row's own, so they are declared once, for the handler, the access check
//! and the document alike.

use super::body::Field;
use crate::domain::kinds::Role;
use actix_web::http::Method;
use std::borrow::Cow;
use utoipa::ToSchema;

/// What a request carries.
#[derive(Debug, Clone)]
pub enum RequestBody {
    None,
    /// A JSON object with these fields.
    Json(Vec<Field>),
    /// Files as multipart/form-data, in parts named `file`, with a `version` part.
    Files,
    /// A JSON value of this schema (one that a list of fields cannot say: a list of objects).
    Schema(Cow<'static, str>),
}

/// What a successful answer carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// One record of this schema.
    Record(Cow<'static, str>),
    /// A page of records of this schema.
    Page(Cow<'static, str>),
    /// A JSON object described in the summary.
    Object,
    /// No content.
    Empty,
    /// A file.
    File,
    /// A page for people.
    Html,
}

impl Answer {
    /// One `T`, under the name of its schema.
    pub fn record<T: ToSchema>() -> Self {
        Answer::Record(T::name())
    }

    /// A page of `T`s.
    pub fn page<T: ToSchema>() -> Self {
        Answer::Page(T::name())
    }
}

/// What the document says of one route of the API besides its method, path
/// and role: by default a JSON object answered with 200, reading nothing.
#[derive(Debug, Clone)]
pub struct Description {
    pub tag: &'static str,
    pub summary: String,
    pub query: Vec<Field>,
    pub body: RequestBody,
    pub status: u16,
    pub answer: Answer,
    /// A second success status with the same answer: 200 where a 201 would
    /// have made a record that already exists.
    pub also: Option<u16>,
    /// Whether someone else's change can make it answer 409.
    pub versioned: bool,
    /// Whether a query parameter names something that may not exist, so it
    /// may answer 404 though its path names no record.
    pub may_not_find: bool,
}

impl Description {
    pub fn new(tag: &'static str, summary: &str) -> Self {
        Self {
            tag,
            summary: summary.to_string(),
            query: Vec::new(),
            body: RequestBody::None,
            status: 200,
            answer: Answer::Object,
            also: None,
            versioned: false,
            may_not_find: false,
        }
    }

    /// The query parameters it reads.
    pub fn query(mut self, fields: Vec<Field>) -> Self {
        self.query = fields;
        self
    }

    /// The JSON body it reads.
    pub fn body(mut self, fields: Vec<Field>) -> Self {
        self.body = RequestBody::Json(fields);
        self
    }

    /// The JSON body it reads, of a schema of its own.
    pub fn schema_body<T: ToSchema>(mut self) -> Self {
        self.body = RequestBody::Schema(T::name());
        self
    }

    /// It reads files sent as multipart/form-data.
    pub fn files(mut self) -> Self {
        self.body = RequestBody::Files;
        self
    }

    pub fn answers(mut self, status: u16, answer: Answer) -> Self {
        self.status = status;
        self.answer = answer;
        self
    }

    /// Also answers `status` with the same body.
    pub fn also_answers(mut self, status: u16) -> Self {
        self.also = Some(status);
        self
    }

    pub fn versioned(mut self) -> Self {
        self.versioned = true;
        self
    }

    /// A query parameter names something that may not exist (404).
    pub fn may_not_find(mut self) -> Self {
        self.may_not_find = true;
        self
    }
}

/// One operation of the document: a route of the table and its description.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: Method,
    pub path: &'static str,
    /// The least role that may call it; `None` for anyone.
    pub role: Option<Role>,
    pub description: Description,
}
