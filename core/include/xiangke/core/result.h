#pragma once
// Errors as values at every boundary of the core: a machine code, a readable message and the
// field at fault (CONTRACT.md's error shape).
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace xiangke::core {

struct Error {
    std::string code;     // stable machine-readable code, e.g. "invalid_field"
    std::string message;  // for developers and admins (English)
    std::string field;    // the field at fault, empty when none
};

template <typename T>
class Result {
public:
    Result(T value) : m_value(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Error error) : m_value(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<T>(m_value); }
    T& value() & { return std::get<T>(m_value); }
    T&& value() && { return std::get<T>(std::move(m_value)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }
    const Error& error() const { return std::get<Error>(m_value); }

private:
    std::variant<T, Error> m_value;
};

inline Error field_error(std::string field, std::string message, std::string code = "invalid_field") {
    return Error{std::move(code), std::move(message), std::move(field)};
}

}  // namespace xiangke::core
