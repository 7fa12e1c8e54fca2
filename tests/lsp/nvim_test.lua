-- nvim_test.lua - Neovim's built-in LSP client against `ecsc lsp`.
--   ECSC=build/ecsc nvim --headless --clean -c "luafile tests/lsp/nvim_test.lua" FILE.ecs
-- FILE.ecs is a copy of tests/lsp/data/shop.ecs with `image` misspelt `imag`.
-- Checks: the client attaches, E0101 arrives as a diagnostic at the word,
-- hover documents a field, completion in a container offers container
-- fields, go to definition jumps to the role, the quick fix's edit and an
-- edit through the buffer clear the diagnostic, and formatting gives the
-- text `ecsc fmt` prints.  Exits 0, or 1 with the
-- failures on stderr.
local failures = {}
local function check(ok, what)
  if not ok then table.insert(failures, what) end
end
local function finish()
  for _, f in ipairs(failures) do io.stderr:write("FAIL: " .. f .. "\n") end
  if #failures == 0 then io.stdout:write("nvim: all checks passed\n") end
  vim.cmd(#failures == 0 and "qall!" or "cquit!")
end

local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = "ecs"
local id = vim.lsp.start_client({
  name = "ecsc",
  cmd = { os.getenv("ECSC") or "ecsc", "lsp" },
  root_dir = vim.fn.getcwd(),
})
check(id ~= nil, "start_client")
vim.lsp.buf_attach_client(buf, id)

local function diags()
  return vim.diagnostic.get(buf)
end
check(vim.wait(10000, function() return #diags() > 0 end, 20), "diagnostics arrive")
local d = diags()[1] or {}
check(d.code == "E0101", "the diagnostic is E0101, got " .. tostring(d.code))
check(d.severity == vim.diagnostic.severity.ERROR, "an error")
local row, col = unpack(vim.fn.searchpos("imag ", "nw"))
check(d.lnum == row - 1 and d.col == col - 1, "at the misspelt word")

local client = vim.lsp.get_client_by_id(id)
local function req(method, params)
  local r = client.request_sync(method, params, 5000, buf)
  return r and r.result
end
local function at(line, c)
  return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = c } }
end
local function find(pat)
  local r, c = unpack(vim.fn.searchpos(pat, "nw"))
  return r - 1, c - 1
end

local l, c = find("memory  1 GiB")
local h = req("textDocument/hover", at(l, c))
check(h and h.contents and h.contents.value:find("memory", 1, true), "hover on a field")
h = req("textDocument/hover", at(l, c + 8))
check(h and h.contents.value:find("1024", 1, true), "hover on 1 GiB shows 1024")

l, c = find("    port       8080")
local comp = req("textDocument/completion", at(l, c + 4))
local labels = {}
for _, it in ipairs(comp and comp.items or {}) do labels[it.label] = true end
check(labels["health"] and labels["image"] and not labels["desired"], "container fields")

l, c = find("role    reader")
local def = req("textDocument/definition", at(l, c + 8))
local rl = find("role reader")
check(def and def.range and def.range.start.line == rl, "definition of the role")

-- the quick fix, applied as the client applies workspace edits
local acts = req("textDocument/codeAction", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.lnum, character = d.end_col } },
  context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, d.lnum) },
})
check(acts and #acts == 1, "one quick fix")
if acts and acts[1] then
  vim.lsp.util.apply_workspace_edit(acts[1].edit, "utf-16")
end
check(vim.wait(10000, function() return #diags() == 0 end, 20), "the fix clears the diagnostic")

-- an edit through the buffer (incremental sync) brings it back
vim.api.nvim_buf_set_lines(buf, 0, 0, false, { "bogus_decl x {}" })
check(vim.wait(10000, function() return #diags() > 0 end, 20), "a new error after an edit")
check((diags()[1] or {}).code == "E0109", "unknown declaration E0109")

-- formatting: vim.lsp.buf.format (Neovim 0.8 on) or formatting_sync (0.7)
vim.api.nvim_buf_set_lines(buf, 0, 1, false, {})
check(vim.wait(10000, function() return #diags() == 0 end, 20), "clean again")
local function text() return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") .. "\n" end
local before = text()
local want = vim.fn.system({ os.getenv("ECSC") or "ecsc", "fmt", "-" }, before)
check(vim.v.shell_error == 0 and want ~= before, "ecsc fmt changes the file")
if vim.lsp.buf.format then
  vim.lsp.buf.format({ bufnr = buf, timeout_ms = 5000 })
else
  vim.lsp.buf.formatting_sync(nil, 5000)
end
check(text() == want, "formatting gives the text of ecsc fmt")
finish()
