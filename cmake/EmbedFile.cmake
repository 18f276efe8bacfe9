file(READ ${IN} content)
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace ${NS} {\nextern const std::string_view ${IDENT};\nconst std::string_view ${IDENT} = R\"farolembed(${content})farolembed\";\n}\n")
