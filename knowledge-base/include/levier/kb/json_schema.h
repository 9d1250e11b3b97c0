// A validator for the subset of JSON Schema (2020-12) that the data·inclusion
// v1 schemas use, and those schemas, compiled in from knowledge-base/schema.
//
// Supported keywords: type, enum, const, anyOf, $ref (to "#/$defs/..."),
// properties, required, items, minItems, uniqueItems, minLength, maxLength
// (in code points), pattern (ECMAScript regex, searched), minimum, format
// (date, email, uri). Annotations (title, description, default, examples) are
// ignored. Any other keyword is reported as an error rather than skipped, so
// a schema update that needs more is noticed.
//
// Thread-safety: pure functions; the schema accessors return immutable
// objects built once (thread-safe static initialisation).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace levier::kb {

// Errors of `instance` against `schema` ("<json pointer>: <what>"); empty
// when valid. `schema` is the root (for $ref resolution).
std::vector<std::string> ValidateJsonSchema(const nlohmann::json& schema,
                                            const nlohmann::json& instance);

// knowledge-base/schema/structure.json and service.json (data·inclusion v1.0.8).
const nlohmann::json& DataInclusionStructureSchema();
const nlohmann::json& DataInclusionServiceSchema();

// Whether `value` is in the enum of the service schema's $defs/<def_name>
// ("Thematique", "Public", "TypeService", "Frais", ...).
bool InDataInclusionEnum(std::string_view def_name, std::string_view value);

}  // namespace levier::kb
