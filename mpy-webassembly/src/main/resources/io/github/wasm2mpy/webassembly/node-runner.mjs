// Runs Python sessions on MicroPython's webassembly port in Node, one fresh interpreter per session (about
// 25 ms), for NodeMicroPython. Protocol: one JSON request per stdin line, {"files": {"NAME.py": "/host/path"},
// "code": "..."}; one JSON answer per stdout line, {"output": "...", "error": null or the traceback}. The files
// are copied into the interpreter's /lib, which is on its sys.path.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const { loadMicroPython } = await import(pathToFileURL(process.argv[2]).href);
const lines = createInterface({ input: process.stdin, terminal: false });

for await (const line of lines) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  const bytes = [];
  const sink = (chunk) => { for (const b of chunk) bytes.push(b); };
  let error = null;
  try {
    const mp = await loadMicroPython({ stdout: sink, stderr: sink, linebuffer: false,
      heapsize: request.heap || 4 * 1024 * 1024 });
    mp.FS.mkdirTree("/lib");
    for (const [name, path] of Object.entries(request.files || {})) {
      mp.FS.writeFile("/lib/" + name, readFileSync(path));
    }
    mp.runPython(request.code);
  } catch (e) {
    error = e && e.name === "PythonError" ? e.message : String(e && e.stack || e);
  }
  const output = new TextDecoder().decode(new Uint8Array(bytes));
  process.stdout.write(JSON.stringify({ output, error }) + "\n");
}
