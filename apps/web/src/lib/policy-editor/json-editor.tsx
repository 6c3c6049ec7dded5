"use client";
// JSON mode of the policy editor: CodeMirror 6, bundled with the app (nothing from a CDN). The
// linter runs the same engine the API validates with (@gatehouse/policy parsePolicy), so every
// error it shows is one the API would report, placed at the line of its path; syntax errors come
// from the JSON parser. Completion offers the keys and values the policy language allows.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { json, jsonParseLinter } from "@codemirror/lang-json";
import { bracketMatching, foldGutter, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { type Diagnostic, linter, lintGutter } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { parsePolicy } from "@gatehouse/policy";
import { useEffect, useRef } from "react";
import { policyCompletion } from "./json-completion";
import { parseJsonTree, pathSegments, rangeOf } from "./json-positions";

/** The engine's errors as editor diagnostics at the lines of their paths. */
export function policyDiagnostics(text: string): Diagnostic[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return []; // the JSON parse linter reports syntax errors with their position
  }
  const result = parsePolicy(value);
  if (result.ok) return [];
  const tree = parseJsonTree(text);
  return result.errors.map((issue) => {
    const { from, to } = rangeOf(tree, text, pathSegments(issue.path, value));
    return { from, to, severity: "error" as const, message: `${issue.path || "(document)"}: ${issue.message}`, source: "policy" };
  });
}

type Props = {
  value: string;
  onChange: (value: string) => void;
  readOnly?: boolean;
  toolNames: string[];
  argPaths: string[];
  label: string;
};

export function JsonEditor({ value, onChange, readOnly = false, toolNames, argPaths, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, toolNames, argPaths });
  latest.current = { onChange, toolNames, argPaths };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is created once; value updates are pushed below.
  useEffect(() => {
    if (!host.current) return;
    const syntax = jsonParseLinter();
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          foldGutter(),
          history(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          json(),
          lintGutter(),
          linter((v) => [...syntax(v), ...policyDiagnostics(v.state.doc.toString())], { delay: 250 }),
          autocompletion({ override: [policyCompletion(() => latest.current.toolNames, () => latest.current.argPaths)] }),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
          EditorState.readOnly.of(readOnly),
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
          EditorView.theme({
            "&": { fontSize: "13px", maxHeight: "70vh" },
            ".cm-scroller": { fontFamily: "var(--font-geist-mono, ui-monospace, monospace)", overflow: "auto" },
            ".cm-content": { minHeight: "24rem" },
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, [readOnly]);

  // The builder changed the draft: replace the editor's text (the editor's own edits already match).
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  return <div ref={host} data-testid="json-editor" className="overflow-hidden rounded-md border border-input bg-card" />;
}
