#include "man_page.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "cli_common.h"

namespace netpol::cli {
namespace {

// Text as roff prints it: backslashes escaped, every '-' a minus sign (so
// options can be copied and searched), `code` in bold, and a leading '.' or
// '\'' not taken for a request.
std::string Roff(const std::string& text) {
  std::string out;
  bool in_code = false;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c == '`') {
      out += in_code ? "\\fR" : "\\fB";
      in_code = !in_code;
    } else {
      out += c;
    }
  }
  if (in_code) out += "\\fR";
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

std::string Bold(const std::string& text) { return "\\fB" + Roff(text) + "\\fR"; }
std::string Italic(const std::string& text) { return "\\fI" + Roff(text) + "\\fR"; }

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string Trim(const std::string& text) {
  const std::size_t begin = text.find_first_not_of(" \n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \n") - begin + 1);
}

// A help footer taken apart: blank-line separated paragraphs, the usage line
// some commands spell out, the exit statuses and the example lines.
struct Footer {
  std::string usage;
  std::vector<std::string> prose;  // paragraphs, lines joined
  std::string exit_status;
  std::vector<std::string> examples;  // as shown, without the two-space indent
};

std::string JoinLines(const std::string& paragraph) {
  std::string joined;
  std::istringstream lines(paragraph);
  for (std::string line; std::getline(lines, line);) {
    line = Trim(line);
    if (!line.empty()) joined += (joined.empty() ? "" : " ") + line;
  }
  return joined;
}

// Removes the sentence that starts at `marker` from `text` and returns it.
std::string TakeSentence(std::string& text, const std::string& marker) {
  const std::size_t begin = text.find(marker);
  if (begin == std::string::npos) return "";
  std::size_t end = text.find(". ", begin);
  end = end == std::string::npos ? text.size() : end + 1;
  std::string sentence = text.substr(begin, end - begin);
  text = Trim(text.erase(begin, end - begin));
  return sentence;
}

Footer ParseFooter(const std::string& text) {
  Footer footer;
  std::vector<std::string> paragraphs;
  std::string current;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (Trim(line).empty()) {
      if (!current.empty()) paragraphs.push_back(current);
      current.clear();
    } else {
      current += line + "\n";
    }
  }
  if (!current.empty()) paragraphs.push_back(current);

  for (const std::string& paragraph : paragraphs) {
    if (paragraph.starts_with("Examples:")) {
      std::istringstream example_lines(paragraph.substr(paragraph.find('\n') + 1));
      for (std::string line; std::getline(example_lines, line);) {
        footer.examples.push_back(line.starts_with("  ") ? line.substr(2) : line);
      }
      continue;
    }
    if (paragraph.starts_with("Usage:")) {
      footer.usage = JoinLines(paragraph.substr(6));
      continue;
    }
    std::string joined = JoinLines(paragraph);
    // The pages refer to each other in SEE ALSO instead.
    TakeSentence(joined, "Run '");
    if (joined.starts_with("Exit status:")) {
      footer.exit_status = Trim(joined.substr(12));
      continue;
    }
    // An exit status inside a paragraph gets the section too.
    for (const std::string marker : {"Exit status: ", "Exits "}) {
      std::string sentence = TakeSentence(joined, marker);
      if (sentence.empty()) continue;
      if (sentence.starts_with("Exit status: ")) sentence = sentence.substr(13);
      footer.exit_status = sentence;
    }
    if (!joined.empty()) footer.prose.push_back(joined);
  }
  return footer;
}

// The placeholder of an option's value: CLI11's type name without its
// checks ("TEXT:{a,b}" -> TEXT, "UINT:POSITIVE" -> UINT).
std::string ValueName(const CLI::Option& option) {
  std::string type = option.get_type_name();
  type = type.substr(0, type.find(':'));
  return type.empty() ? "VALUE" : type;
}

bool Repeatable(const CLI::Option& option) {
  return option.get_expected_max() >= CLI::detail::expected_max_vector_size;
}

void WriteOption(const CLI::Option& option, std::ostream& out) {
  out << ".TP\n";
  std::vector<std::string> names;
  for (const std::string& s : option.get_snames()) names.push_back(Bold("-" + s));
  for (const std::string& l : option.get_lnames()) names.push_back(Bold("--" + l));
  for (std::size_t i = 0; i < names.size(); ++i) out << (i == 0 ? "" : ", ") << names[i];
  if (option.get_expected_max() != 0) {  // flags expect no value
    out << " " << Italic(ValueName(option)) << (Repeatable(option) ? "..." : "");
  }
  out << "\n";
  std::string text = option.get_description();
  if (!text.empty() && text.back() != '.') text += ".";
  const std::vector<std::string> values = AllowedValues(option);
  if (!values.empty()) {
    text += " One of:";
    for (std::size_t i = 0; i < values.size(); ++i) {
      text += (i == 0 ? " `" : ", `") + values[i] + "`";
    }
    text += ".";
  }
  if (!option.get_default_str().empty()) text += " Default: `" + option.get_default_str() + "`.";
  if (option.get_required()) text += " Required.";
  for (const CLI::Option* excluded : option.get_excludes()) {
    text += " Not with `" + excluded->get_name(false, false) + "`.";
  }
  out << Roff(text) << "\n";
}

void WriteHeader(const std::string& name, const std::string& whatis, const std::string& version,
                 const std::string& date, std::ostream& out) {
  out << ".\\\" Generated from the netpol command line (tools/netpol/man_page.cc); do not edit.\n"
      << ".TH " << Roff(Upper(name)) << " 1 \"" << date << "\" \"" << Roff(version)
      << "\" \"User Commands\"\n"
      << ".nh\n"  // options and paths must not be hyphenated
      << ".SH NAME\n"
      << Roff(name) << " \\- " << Roff(whatis) << "\n";
}

void WriteParagraphs(const std::vector<std::string>& paragraphs, std::ostream& out) {
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    if (i > 0) out << ".PP\n";
    out << Roff(paragraphs[i]) << "\n";
  }
}

void WriteExamples(const std::vector<std::string>& examples, std::ostream& out) {
  if (examples.empty()) return;
  out << ".SH EXAMPLES\n.PP\n.RS 4\n.nf\n";
  for (const std::string& line : examples) out << Roff(line) << "\n";
  out << ".fi\n.RE\n";
}

void WriteSeeAlso(const std::vector<std::string>& pages, std::ostream& out) {
  out << ".SH SEE ALSO\n";
  for (std::size_t i = 0; i < pages.size(); ++i) {
    out << Bold(pages[i]) << "(1)" << (i + 1 < pages.size() ? ",\n" : "\n");
  }
}

std::vector<const CLI::App*> Subcommands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

// The options --help lists (hidden ones have an empty group).
std::vector<const CLI::Option*> Shown(const CLI::App& app, bool positional) {
  return app.get_options([positional](const CLI::Option* option) {
    return !option->get_group().empty() && option->nonpositional() != positional;
  });
}

ManPage TopPage(const CLI::App& app, const std::string& version, const std::string& date) {
  const std::string name = app.get_name();
  const Footer footer = ParseFooter(app.get_footer());
  std::ostringstream out;
  WriteHeader(name, "offline Kubernetes NetworkPolicy analyzer", version, date, out);
  out << ".SH SYNOPSIS\n"
      << Bold(name) << " [" << Italic("OPTIONS") << "] " << Italic("COMMAND") << " ["
      << Italic("ARGS") << "...]\n"
      << ".SH DESCRIPTION\n";
  std::string about = JoinLines(app.get_description());
  if (about.starts_with(name + ": ")) about = about.substr(name.size() + 2);  // NAME says it
  std::vector<std::string> description{"`" + name + "` is an " + about};
  description.push_back(
      "Installed, it is also `kubectl-netpol`: kubectl runs it for `kubectl netpol COMMAND`, "
      "and its help and examples then say `kubectl netpol`.");
  description.insert(description.end(), footer.prose.begin(), footer.prose.end());
  WriteParagraphs(description, out);
  out << ".SH COMMANDS\n";
  std::vector<std::string> pages;
  for (const CLI::App* sub : Subcommands(app)) {
    const std::string page = name + "-" + sub->get_name();
    out << ".TP\n" << Bold(page) << "(1)\n" << Roff(sub->get_description()) << "\n";
    pages.push_back(page);
  }
  out << ".SH OPTIONS\n"
      << "These options are accepted before the command; \\fB\\-\\-color\\fR after it too.\n";
  for (const CLI::Option* option : Shown(app, false)) WriteOption(*option, out);
  out << ".SH EXIT STATUS\n" << Roff(footer.exit_status) << "\n";
  out << ".SH ENVIRONMENT\n"
      << ".TP\n" << Bold("NO_COLOR") << "\n"
      << Roff("When set to a non-empty value, --color=auto does not colour (https://no-color.org).")
      << "\n";
  out << ".SH FILES\n"
      << ".TP\n" << Bold(".netpol.yaml") << "\n"
      << Roff("The configuration (lint rules, exclude, engine) read from the current directory "
              "when it exists and no --config is given; flags override it.")
      << "\n";
  WriteExamples(footer.examples, out);
  pages.push_back("kubectl");
  WriteSeeAlso(pages, out);
  return {name + ".1", out.str()};
}

ManPage CommandPage(const CLI::App& app, const CLI::App& sub, const std::string& global_exit,
                    const std::string& version, const std::string& date) {
  const std::string program = app.get_name();
  const std::string page = program + "-" + sub.get_name();
  const Footer footer = ParseFooter(sub.get_footer());
  std::ostringstream out;
  std::string whatis = sub.get_description();
  if (!whatis.empty()) whatis[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(whatis[0])));
  WriteHeader(page, whatis, version, date, out);

  out << ".SH SYNOPSIS\n";
  const std::vector<const CLI::Option*> positionals = Shown(sub, true);
  if (!footer.usage.empty()) {
    const std::string command = program + " " + sub.get_name();
    std::string rest = footer.usage.starts_with(command) ? footer.usage.substr(command.size())
                                                          : " " + footer.usage;
    out << Bold(command) << Roff(rest) << "\n";
  } else {
    out << Bold(program + " " + sub.get_name()) << " [" << Italic("OPTIONS") << "]";
    for (const CLI::Option* positional : positionals) {
      const std::string shown = Italic(Upper(positional->get_name(true, false))) +
                                (Repeatable(*positional) ? "..." : "");
      out << " " << (positional->get_required() ? shown : "[" + shown + "]");
    }
    out << "\n";
  }

  out << ".SH DESCRIPTION\n";
  std::vector<std::string> description{sub.get_description() + "."};
  description.insert(description.end(), footer.prose.begin(), footer.prose.end());
  WriteParagraphs(description, out);

  out << ".SH OPTIONS\n";
  for (const CLI::Option* positional : positionals) {
    out << ".TP\n"
        << Italic(Upper(positional->get_name(true, false))) << (Repeatable(*positional) ? "..." : "")
        << "\n";
    std::string text = positional->get_description();
    if (!text.empty() && text.back() != '.') text += ".";
    const std::vector<std::string> values = AllowedValues(*positional);
    if (!values.empty()) {
      text += " One of:";
      for (std::size_t i = 0; i < values.size(); ++i) text += (i == 0 ? " `" : ", `") + values[i] + "`";
      text += ".";
    }
    out << Roff(text) << "\n";
  }
  for (const CLI::Option* option : Shown(sub, false)) WriteOption(*option, out);

  out << ".SH EXIT STATUS\n"
      << Roff(footer.exit_status.empty() ? global_exit : footer.exit_status) << "\n";
  WriteExamples(footer.examples, out);
  std::vector<std::string> see_also{program};
  for (const CLI::App* other : Subcommands(app)) {
    if (other != &sub) see_also.push_back(program + "-" + other->get_name());
  }
  WriteSeeAlso(see_also, out);
  return {page + ".1", out.str()};
}

}  // namespace

std::vector<ManPage> ManPages(const CLI::App& app, const std::string& version,
                              const std::string& date) {
  std::vector<ManPage> pages{TopPage(app, version, date)};
  const std::string global_exit = ParseFooter(app.get_footer()).exit_status;
  for (const CLI::App* sub : Subcommands(app)) {
    pages.push_back(CommandPage(app, *sub, global_exit, version, date));
  }
  return pages;
}

}  // namespace netpol::cli
