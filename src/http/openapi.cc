#include "http/api.h"

namespace farol::http {
namespace embedded {
extern const std::string_view openapi_openapi_json;
}

std::string_view OpenApiDocument() { return embedded::openapi_openapi_json; }

}  // namespace farol::http
