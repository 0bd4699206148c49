/**
 * Which module calls of one `terraform plan -json` were refused, with their errors. The parity suites plan many
 * rows in one root, each as `module "<label>_<n>"` over its own copy of the stack folder (`stack_<n>/`): a
 * variable's validation names the module call, a precondition's diagnostic names the file of the row's copy.
 */
export function refusedCalls(jsonLines: string, label: string): Map<number, string> {
  const refused = new Map<number, string>();
  const where = new RegExp(`module[ .]"?${label}_(\\d+)"?|\\bstack_(\\d+)/`, "g");
  for (const line of jsonLines.split("\n")) {
    if (!line.startsWith("{")) continue;
    const message = JSON.parse(line) as { type?: string; diagnostic?: { severity: string; summary: string; detail?: string; address?: string; range?: { filename?: string }; snippet?: { context?: string } } };
    const d = message.diagnostic;
    if (message.type !== "diagnostic" || d?.severity !== "error") continue;
    const text = `${d.address ?? ""} ${d.snippet?.context ?? ""} ${d.range?.filename ?? ""}`;
    // Every distinct error of a call, joined: one call may break several rules at once.
    for (const m of text.matchAll(where)) {
      const k = Number(m[1] ?? m[2]);
      const error = `${d.summary}: ${d.detail ?? ""}`;
      if (!refused.get(k)?.includes(error)) refused.set(k, refused.has(k) ? `${refused.get(k)}\n${error}` : error);
    }
  }
  return refused;
}
