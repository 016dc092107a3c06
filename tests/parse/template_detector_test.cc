// Go/Helm templates are recognised by a `{{` where YAML expects a node;
// `{{` in strings, comments, block scalars or mid-scalar is data.
#include <catch2/catch.hpp>

#include "parse/template_detector.h"

namespace netpol {
namespace {

struct TemplateCase {
  const char* text;
  int line;  // 0: not a template
  int column;
};

TEST_CASE("a {{ where YAML or JSON expects a node marks a template; elsewhere it is data", "[parse][template]") {
  const TemplateCase cases[] = {
      // Templates.
      {"{{- if .Values.enabled }}\nkind: Pod\n", 1, 1},
      {"metadata:\n  name: {{ .Release.Name }}-web\n", 2, 9},
      {"metadata:\n  labels:\n    {{- include \"x.labels\" . | nindent 4 }}\n", 3, 5},
      {"items:\n- {{ .Values.item }}\n", 2, 3},
      {"ports: [{{ .Values.port }}]\n", 1, 9},
      {"a: {b: 1, c: {{ .x }}}\n", 1, 14},
      {"{\"a\":{{ .x }}}", 1, 6},
      {"x: &anchor {{ .y }}\n", 1, 12},
      {"---\n{{/* a Go template comment */}}\n", 2, 1},
      {"\xEF\xBB\xBFname: {{ .x }}\n", 1, 7},
      {"a: 'one\n  two'\nb: {{ .x }}\n", 3, 4},  // lines counted inside quotes
      // Data: quoted strings, comments, block scalars, mid-scalar.
      {"name: \"{{ .Release.Name }}\"\n", 0, 0},
      {"name: '{{ .Release.Name }}'\n", 0, 0},
      {"name: 'it''s {{ x }}'\n", 0, 0},
      {"name: web # {{ .x }}\n", 0, 0},
      {"# {{ .x }}\nkind: Pod\n", 0, 0},
      {"summary: Instance {{ $labels.instance }} down\n", 0, 0},
      {"data:\n  t: |\n    {{ .Values }}\n\n    {{ more }}\nkind: ConfigMap\n", 0, 0},
      {"- >-\n  {{ folded }}\n", 0, 0},
      {"{\"a\": \"{{ .x }}\"}", 0, 0},
      {"args: a,{{ .x }}\n", 0, 0},
      {"matchLabels: {}\nname: web\n", 0, 0},
      {"", 0, 0},
  };
  for (const TemplateCase& c : cases) {
    INFO(c.text);
    const std::optional<TextPosition> found = FindTemplateAction(c.text);
    if (c.line == 0) {
      CHECK_FALSE(found.has_value());
    } else {
      REQUIRE(found.has_value());
      CHECK(*found == TextPosition{c.line, c.column});
    }
  }
}

TEST_CASE("a block scalar ends at the first line indented no more than its key", "[parse][template]") {
  const std::optional<TextPosition> found =
      FindTemplateAction("data:\n  t: |\n    {{ data }}\n  u: {{ .x }}\n");
  REQUIRE(found.has_value());
  CHECK(*found == TextPosition{4, 6});
}

}  // namespace
}  // namespace netpol
