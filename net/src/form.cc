#include "levier/net/form.h"

#include "levier/util/utf8.h"

namespace levier::net {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Status Decode(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out->push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) return Status::InvalidArgument("truncated %-escape");
      const int hi = HexDigit(in[i + 1]);
      const int lo = HexDigit(in[i + 2]);
      if (hi < 0 || lo < 0) return Status::InvalidArgument("bad %-escape");
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out->push_back(c);
    }
  }
  if (out->find('\0') != std::string::npos) return Status::InvalidArgument("NUL byte in form");
  if (!IsValidUtf8(*out)) return Status::InvalidArgument("invalid UTF-8 in form");
  return Status::Ok();
}

}  // namespace

Result<FormParams> DecodeForm(std::string_view body, std::size_t max_params) {
  FormParams params;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(start, end - start);
    if (!pair.empty()) {
      if (params.size() >= max_params) {
        return Status::InvalidArgument("more than " + std::to_string(max_params) +
                                       " form parameters");
      }
      const std::size_t eq = pair.find('=');
      std::string key, value;
      Status s = Decode(pair.substr(0, eq), &key);
      if (!s.ok()) return s;
      if (eq != std::string_view::npos) {
        s = Decode(pair.substr(eq + 1), &value);
        if (!s.ok()) return s;
      }
      params.emplace_back(std::move(key), std::move(value));
    }
    start = end + 1;
  }
  return params;
}

const std::string* FindParam(const FormParams& params, std::string_view key) {
  for (const auto& [k, v] : params) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string EncodeForm(const FormParams& params) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out.push_back('&');
    for (const std::string* part : {&key, &value}) {
      for (unsigned char c : *part) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '*') {
          out.push_back(static_cast<char>(c));
        } else if (c == ' ') {
          out.push_back('+');
        } else {
          out.push_back('%');
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xf]);
        }
      }
      if (part == &key) out.push_back('=');
    }
  }
  return out;
}

}  // namespace levier::net
