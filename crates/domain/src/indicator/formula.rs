//! The formula language of computed indicators and of rules across indicators.
//!
//! ```text
//! formula := sum
//! sum     := product (('+' | '-') product)*
//! product := unary (('*' | '/') unary)*
//! unary   := '-' unary | '+' unary | primary
//! primary := number | CODE | FUNCTION '(' sum (',' sum)* ')' | '(' sum ')'
//! ```
//!
//! Numbers use a decimal point (`,` separates arguments); codes are indicator codes in any case; the
//! functions are `min` and `max`. `×`, `÷` and `−` pasted from a word processor read as `*`, `/`, `-`.
//! A formula is at most [`MAX_CHARS`] characters and nests at most [`MAX_DEPTH`] levels (brackets,
//! function calls, signs); a run of `+ - * /` at one level is kept flat, so a long sum is not deep. So
//! parsing, evaluating and dropping a formula never recurse deeper than that, whatever users type.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::indicator::definition::IndicatorCode;

pub const MAX_CHARS: usize = 1000;
pub const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Add,
    Subtract,
    Multiply,
    Divide,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    Min,
    Max,
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Indicator(IndicatorCode),
    Negate(Box<Expr>),
    /// `first op e op e ...` at one precedence level, applied left to right.
    Chain(Box<Expr>, Vec<(Op, Expr)>),
    Call(Function, Vec<Expr>),
}

/// Why a formula was refused, and where: `position` counts characters from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason} (at character {position})")]
pub struct FormulaError {
    pub position: usize,
    pub reason: FormulaErrorReason,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormulaErrorReason {
    #[error("the formula is empty")]
    Empty,
    #[error("the formula is longer than {max} characters")]
    TooLong { max: usize },
    #[error("the formula nests more than {max} levels deep")]
    TooDeep { max: usize },
    #[error("unexpected character {0:?}")]
    UnexpectedChar(char),
    #[error("the formula ends where a value or a ')' is expected")]
    UnexpectedEnd,
    #[error("unexpected {0:?}")]
    UnexpectedToken(String),
    #[error("the '(' is never closed")]
    Unclosed,
    #[error("unknown function {0:?} (known: min, max)")]
    UnknownFunction(String),
    #[error("{0:?} is not a number")]
    BadNumber(String),
    #[error("{0}() needs at least one argument")]
    NoArguments(String),
    #[error("{0:?} is longer than an indicator code may be")]
    CodeTooLong(String),
}

impl FormulaError {
    /// The message code of the reason.
    pub fn code(&self) -> &'static str {
        match self.reason {
            FormulaErrorReason::Empty => "formula-empty",
            FormulaErrorReason::TooLong { .. } => "formula-too-long",
            FormulaErrorReason::TooDeep { .. } => "formula-too-deep",
            FormulaErrorReason::UnexpectedChar(_) => "formula-unexpected-char",
            FormulaErrorReason::UnexpectedEnd => "formula-unexpected-end",
            FormulaErrorReason::UnexpectedToken(_) => "formula-unexpected-token",
            FormulaErrorReason::Unclosed => "formula-unclosed",
            FormulaErrorReason::UnknownFunction(_) => "formula-unknown-function",
            FormulaErrorReason::BadNumber(_) => "formula-number-format",
            FormulaErrorReason::NoArguments(_) => "formula-no-arguments",
            FormulaErrorReason::CodeTooLong(_) => "formula-code-too-long",
        }
    }

    /// The error as a field error: `value` is the text at fault, `position` where it starts, `max` the
    /// limit that was passed.
    pub fn to_field_error(&self, field: &str) -> FieldError {
        let error = FieldError::new(field, self.code()).with_arg("position", self.position);
        match &self.reason {
            FormulaErrorReason::TooLong { max } | FormulaErrorReason::TooDeep { max } => error.with_arg("max", max),
            FormulaErrorReason::UnexpectedChar(c) => error.with_arg("value", c),
            FormulaErrorReason::UnexpectedToken(text)
            | FormulaErrorReason::UnknownFunction(text)
            | FormulaErrorReason::BadNumber(text)
            | FormulaErrorReason::NoArguments(text)
            | FormulaErrorReason::CodeTooLong(text) => error.with_arg("value", text),
            FormulaErrorReason::Empty | FormulaErrorReason::Unclosed | FormulaErrorReason::UnexpectedEnd => error,
        }
    }
}

/// A formula: the text as typed (trimmed) and its parse. Stored and serialised as the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Formula {
    text: String,
    expr: Expr,
}

impl Formula {
    /// Parses a formula; error positions count from the first character of `input`.
    pub fn parse(input: &str) -> Result<Formula, FormulaError> {
        let text = input.trim();
        let leading = input.chars().take_while(|c| c.is_whitespace()).count();
        let shift = |error: FormulaError| FormulaError { position: error.position + leading, ..error };
        if text.is_empty() {
            return Err(FormulaError { position: 1, reason: FormulaErrorReason::Empty });
        }
        if text.chars().count() > MAX_CHARS {
            let reason = FormulaErrorReason::TooLong { max: MAX_CHARS };
            return Err(shift(FormulaError { position: MAX_CHARS + 1, reason }));
        }
        let tokens = lex(text).map_err(shift)?;
        let mut parser = Parser { tokens, next: 0, end: text.chars().count() + 1 };
        let expr = parser.sum(0).map_err(shift)?;
        if let Some((token, position)) = parser.tokens.get(parser.next) {
            let reason = FormulaErrorReason::UnexpectedToken(token.text());
            return Err(shift(FormulaError { position: *position, reason }));
        }
        Ok(Formula { text: text.to_owned(), expr })
    }

    /// Parses a formula typed in a form field, reporting the error on that field.
    pub fn parse_field(field: &str, input: &str) -> Result<Formula, FieldError> {
        Formula::parse(input).map_err(|error| error.to_field_error(field))
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// The indicators the formula reads, each once, in code order.
    pub fn references(&self) -> BTreeSet<IndicatorCode> {
        let mut codes = BTreeSet::new();
        collect_references(&self.expr, &mut codes);
        codes
    }

    /// The value over `values`; `None` when an input is missing, a division is by zero, or a result is not
    /// a finite number (an overflow).
    pub fn evaluate(&self, values: &std::collections::BTreeMap<IndicatorCode, f64>) -> Option<f64> {
        self.evaluate_with(&|code| values.get(code).copied())
    }

    /// The value with inputs from any lookup.
    pub fn evaluate_with(&self, lookup: &dyn Fn(&IndicatorCode) -> Option<f64>) -> Option<f64> {
        evaluate(&self.expr, lookup)
    }
}

impl TryFrom<String> for Formula {
    type Error = FormulaError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Formula::parse(&value)
    }
}

impl From<Formula> for String {
    fn from(formula: Formula) -> Self {
        formula.text
    }
}

impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn collect_references(expr: &Expr, codes: &mut BTreeSet<IndicatorCode>) {
    match expr {
        Expr::Number(_) => {}
        Expr::Indicator(code) => {
            codes.insert(code.clone());
        }
        Expr::Negate(inner) => collect_references(inner, codes),
        Expr::Chain(first, rest) => {
            collect_references(first, codes);
            rest.iter().for_each(|(_, e)| collect_references(e, codes));
        }
        Expr::Call(_, args) => args.iter().for_each(|e| collect_references(e, codes)),
    }
}

fn evaluate(expr: &Expr, lookup: &dyn Fn(&IndicatorCode) -> Option<f64>) -> Option<f64> {
    let value = match expr {
        Expr::Number(x) => *x,
        Expr::Indicator(code) => lookup(code)?,
        Expr::Negate(inner) => -evaluate(inner, lookup)?,
        Expr::Chain(first, rest) => {
            let mut acc = evaluate(first, lookup)?;
            for (op, operand) in rest {
                let operand = evaluate(operand, lookup)?;
                acc = match op {
                    Op::Add => acc + operand,
                    Op::Subtract => acc - operand,
                    Op::Multiply => acc * operand,
                    Op::Divide if operand == 0.0 => return None,
                    Op::Divide => acc / operand,
                };
                if !acc.is_finite() {
                    return None;
                }
            }
            acc
        }
        Expr::Call(function, args) => {
            let values = args.iter().map(|arg| evaluate(arg, lookup)).collect::<Option<Vec<f64>>>()?;
            let pick = match function {
                Function::Min => f64::min,
                Function::Max => f64::max,
            };
            values.into_iter().reduce(pick)?
        }
    };
    value.is_finite().then_some(value)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(String),
    Name(String),
    Op(Op),
    Open,
    Close,
    Comma,
}

impl Token {
    fn text(&self) -> String {
        match self {
            Token::Number(text) | Token::Name(text) => text.clone(),
            Token::Op(Op::Add) => "+".into(),
            Token::Op(Op::Subtract) => "-".into(),
            Token::Op(Op::Multiply) => "*".into(),
            Token::Op(Op::Divide) => "/".into(),
            Token::Open => "(".into(),
            Token::Close => ")".into(),
            Token::Comma => ",".into(),
        }
    }
}

/// Splits the text into tokens, each with the position (from 1) of its first character.
fn lex(text: &str) -> Result<Vec<(Token, usize)>, FormulaError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let position = i + 1;
        let token = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '+' => Token::Op(Op::Add),
            '-' | '\u{2212}' => Token::Op(Op::Subtract),
            '*' | '×' => Token::Op(Op::Multiply),
            '/' | '÷' => Token::Op(Op::Divide),
            '(' => Token::Open,
            ')' => Token::Close,
            ',' => Token::Comma,
            c if c.is_ascii_digit() || c == '.' => {
                let end = run_end(&chars, i, |c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
                let word: String = chars[i..end].iter().collect();
                i = end;
                tokens.push((Token::Number(word), position));
                continue;
            }
            c if c.is_ascii_alphabetic() => {
                let end = run_end(&chars, i, |c| c.is_ascii_alphanumeric() || c == '_');
                let word: String = chars[i..end].iter().collect();
                i = end;
                tokens.push((Token::Name(word), position));
                continue;
            }
            other => return Err(FormulaError { position, reason: FormulaErrorReason::UnexpectedChar(other) }),
        };
        tokens.push((token, position));
        i += 1;
    }
    Ok(tokens)
}

fn run_end(chars: &[char], start: usize, part: impl Fn(char) -> bool) -> usize {
    chars[start..].iter().position(|c| !part(*c)).map_or(chars.len(), |n| start + n)
}

/// A number is digits with at most one decimal point between digits.
fn number(word: &str) -> Option<f64> {
    let (whole, fraction) = word.split_once('.').unwrap_or((word, "0"));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(whole) && digits(fraction) { word.parse().ok().filter(|x: &f64| x.is_finite()) } else { None }
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    next: usize,
    /// The position just after the text, where an unexpected end is reported.
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(token, _)| token)
    }

    fn position(&self) -> usize {
        self.tokens.get(self.next).map_or(self.end, |(_, position)| *position)
    }

    fn error(&self, reason: FormulaErrorReason) -> FormulaError {
        FormulaError { position: self.position(), reason }
    }

    fn unexpected(&self) -> FormulaError {
        match self.peek() {
            Some(token) => self.error(FormulaErrorReason::UnexpectedToken(token.text())),
            None => self.error(FormulaErrorReason::UnexpectedEnd),
        }
    }

    fn sum(&mut self, depth: usize) -> Result<Expr, FormulaError> {
        self.chain(depth, &[Op::Add, Op::Subtract], Parser::product)
    }

    fn product(&mut self, depth: usize) -> Result<Expr, FormulaError> {
        self.chain(depth, &[Op::Multiply, Op::Divide], Parser::unary)
    }

    fn chain(
        &mut self,
        depth: usize,
        ops: &[Op],
        operand: fn(&mut Parser, usize) -> Result<Expr, FormulaError>,
    ) -> Result<Expr, FormulaError> {
        let first = operand(self, depth)?;
        let mut rest = Vec::new();
        while let Some(Token::Op(op)) = self.peek().cloned()
            && ops.contains(&op)
        {
            self.next += 1;
            rest.push((op, operand(self, depth)?));
        }
        Ok(if rest.is_empty() { first } else { Expr::Chain(Box::new(first), rest) })
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, FormulaError> {
        match self.peek() {
            Some(Token::Op(op @ (Op::Subtract | Op::Add))) => {
                let negate = *op == Op::Subtract;
                let depth = self.deeper(depth)?;
                self.next += 1;
                let inner = self.unary(depth)?;
                Ok(if negate { Expr::Negate(Box::new(inner)) } else { inner })
            }
            _ => self.primary(depth),
        }
    }

    fn deeper(&self, depth: usize) -> Result<usize, FormulaError> {
        if depth >= MAX_DEPTH { Err(self.error(FormulaErrorReason::TooDeep { max: MAX_DEPTH })) } else { Ok(depth + 1) }
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, FormulaError> {
        let position = self.position();
        match self.peek().cloned() {
            Some(Token::Number(word)) => {
                let value = number(&word).ok_or_else(|| self.error(FormulaErrorReason::BadNumber(word)))?;
                self.next += 1;
                Ok(Expr::Number(value))
            }
            Some(Token::Name(word)) if self.tokens.get(self.next + 1).is_some_and(|(t, _)| *t == Token::Open) => {
                let function = match word.to_ascii_lowercase().as_str() {
                    "min" => Function::Min,
                    "max" => Function::Max,
                    _ => return Err(self.error(FormulaErrorReason::UnknownFunction(word))),
                };
                let depth = self.deeper(depth)?;
                self.next += 2;
                if self.peek() == Some(&Token::Close) {
                    return Err(FormulaError { position, reason: FormulaErrorReason::NoArguments(word) });
                }
                let mut args = vec![self.sum(depth)?];
                while self.peek() == Some(&Token::Comma) {
                    self.next += 1;
                    args.push(self.sum(depth)?);
                }
                self.close(position)?;
                Ok(Expr::Call(function, args))
            }
            Some(Token::Name(word)) => {
                let code = IndicatorCode::parse("formula", &word)
                    .map_err(|_| self.error(FormulaErrorReason::CodeTooLong(word)))?;
                self.next += 1;
                Ok(Expr::Indicator(code))
            }
            Some(Token::Open) => {
                let depth = self.deeper(depth)?;
                self.next += 1;
                let inner = self.sum(depth)?;
                self.close(position)?;
                Ok(inner)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// Expects the ')' closing the bracket or call opened at `opened_at`.
    fn close(&mut self, opened_at: usize) -> Result<(), FormulaError> {
        match self.peek() {
            Some(Token::Close) => {
                self.next += 1;
                Ok(())
            }
            None => Err(FormulaError { position: opened_at, reason: FormulaErrorReason::Unclosed }),
            Some(_) => Err(self.unexpected()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn code(s: &str) -> IndicatorCode {
        IndicatorCode::parse("code", s).expect("test code")
    }

    fn values(pairs: &[(&str, f64)]) -> BTreeMap<IndicatorCode, f64> {
        pairs.iter().map(|(c, v)| (code(c), *v)).collect()
    }

    fn eval(text: &str, pairs: &[(&str, f64)]) -> Option<f64> {
        Formula::parse(text).expect("formula parses").evaluate(&values(pairs))
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(eval("1 + 2 * 3", &[]), Some(7.0));
        assert_eq!(eval("(1 + 2) * 3", &[]), Some(9.0));
        assert_eq!(eval("10 - 4 - 3", &[]), Some(3.0));
        assert_eq!(eval("24 / 4 / 3", &[]), Some(2.0));
        assert_eq!(eval("-2 * -3", &[]), Some(6.0));
        assert_eq!(eval("--2", &[]), Some(2.0));
        assert_eq!(eval("+2", &[]), Some(2.0));
        assert_eq!(eval("2 − 1 × 4 ÷ 2", &[]), Some(0.0));
        assert_eq!(eval("0.5 * 4", &[]), Some(2.0));
    }

    #[test]
    fn indicators_and_functions() {
        let v = [("TTHC_ONLINE", 30.0), ("TTHC", 40.0), ("B", 5.0)];
        assert_eq!(eval("tthc_online / TTHC * 100", &v), Some(75.0));
        assert_eq!(eval("min(B, 3, TTHC)", &v), Some(3.0));
        assert_eq!(eval("MAX(B, 3) + max(1)", &v), Some(6.0));
        assert_eq!(eval("A + B", &v), None, "a missing input gives no value");
        assert_eq!(eval("B / (TTHC - 40)", &v), None, "division by zero gives no value");
        assert_eq!(eval("min(A, B)", &v), None);
        let overflow = format!("{} * {}", "9".repeat(300), "9".repeat(300));
        assert_eq!(eval(&overflow, &[]), None);
        let formula = Formula::parse("A + b * (C - a) + min(D, 2)").unwrap();
        let refs: Vec<_> = formula.references().into_iter().map(String::from).collect();
        assert_eq!(refs, ["A", "B", "C", "D"]);
    }

    fn error(text: &str) -> (usize, &'static str) {
        let error = Formula::parse(text).unwrap_err();
        (error.position, error.code())
    }

    #[test]
    fn errors_say_where_and_why() {
        assert_eq!(error("   "), (1, "formula-empty"));
        assert_eq!(error("  A +"), (6, "formula-unexpected-end"), "positions count from the text as typed");
        assert_eq!(error(" A ? "), (4, "formula-unexpected-char"));
        assert_eq!(error("A + "), (4, "formula-unexpected-end"));
        assert_eq!(error("A + * B"), (5, "formula-unexpected-token"));
        assert_eq!(error("A B"), (3, "formula-unexpected-token"));
        assert_eq!(error("(A + B"), (1, "formula-unclosed"));
        assert_eq!(error("A + B)"), (6, "formula-unexpected-token"));
        assert_eq!(error("A % B"), (3, "formula-unexpected-char"));
        assert_eq!(error("A + Đ"), (5, "formula-unexpected-char"));
        assert_eq!(error("sqrt(A)"), (1, "formula-unknown-function"));
        assert_eq!(error("min()"), (1, "formula-no-arguments"));
        assert_eq!(error("1.2.3 + A"), (1, "formula-number-format"));
        assert_eq!(error("2A"), (1, "formula-number-format"));
        assert_eq!(error("min(A, )"), (8, "formula-unexpected-token"));
        assert_eq!(error(&format!("A + {}", "B".repeat(40))), (5, "formula-code-too-long"));
        assert_eq!(error(&"1+".repeat(600)).1, "formula-too-long");
        let deep = format!("{}1{}", "(".repeat(40), ")".repeat(40));
        assert_eq!(error(&deep), (33, "formula-too-deep"));
        assert_eq!(error(&"-".repeat(100)).1, "formula-too-deep");
        let field = Formula::parse_field("formula", "A + ?").unwrap_err();
        assert_eq!((field.field.as_str(), field.code), ("formula", "formula-unexpected-char"));
        assert_eq!(field.args, vec![("position", "5".to_owned()), ("value", "?".to_owned())]);
    }

    #[test]
    fn long_flat_sums_are_fine() {
        let text = (0..200).map(|i| format!("A{i}")).collect::<Vec<_>>().join("+");
        let formula = Formula::parse(&text).unwrap();
        assert_eq!(formula.references().len(), 200);
        assert_eq!(formula.evaluate_with(&|_| Some(1.0)), Some(200.0));
        let nested = format!("{}1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(Formula::parse(&nested).is_ok());
    }

    #[test]
    fn formulas_serialise_as_their_text() {
        let formula = Formula::parse(" A / B ").unwrap();
        assert_eq!(serde_json::to_string(&formula).unwrap(), "\"A / B\"");
        assert_eq!(serde_json::from_str::<Formula>("\"A / B\"").unwrap(), formula);
        assert!(serde_json::from_str::<Formula>("\"A / \"").is_err());
        assert_eq!(formula.to_string(), "A / B");
    }
}
