;;; eglot-test.el --- ERT tests of `ecsc lsp' through Emacs's eglot  -*- lexical-binding: t -*-

;; emacs --batch -l ert -l editors/emacs/ecs-mode.el -l tests/lsp/eglot-test.el \
;;   -f ert-run-tests-batch-and-exit
;; with ECSC (the ecsc binary) and ECSC_REPO (the repository) in the
;; environment.  A copy of tests/lsp/data/shop.ecs with `image' misspelt is
;; opened in ecs-mode; eglot starts `ecsc lsp', and the tests check the
;; diagnostic flymake shows, hover, completion, go to definition, a fix
;; that clears the diagnostic, and that `eglot-format-buffer' gives the text
;; `ecsc fmt' prints.

(require 'ert)
(require 'eglot)
(require 'flymake)
(require 'ecs-mode)

(defvar ecsc-test-bin (or (getenv "ECSC") "ecsc"))
(defvar ecsc-test-repo (or (getenv "ECSC_REPO") default-directory))

(defun ecsc-test--wait (pred &optional secs)
  "Wait up to SECS (10) seconds for PRED to return non-nil; return its value."
  (let ((deadline (+ (float-time) (or secs 10))) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

(defun ecsc-test--open ()
  "A buffer visiting a broken copy of shop.ecs with eglot connected."
  (let* ((dir (make-temp-file "ecsc-eglot-" t))
         (file (expand-file-name "shop.ecs" dir)))
    (with-temp-file file
      (insert-file-contents (expand-file-name "tests/lsp/data/shop.ecs" ecsc-test-repo))
      (goto-char (point-min))
      (search-forward "    image      \"public")
      (replace-match "    imag       \"public"))
    (let ((buf (find-file-noselect file)))
      (with-current-buffer buf
        (ecs-mode)
        (setq-local eglot-server-programs `((ecs-mode . (,ecsc-test-bin "lsp"))))
        (let ((eglot-server-programs `((ecs-mode . (,ecsc-test-bin "lsp")))))
          (eglot-ensure)
          (run-hooks 'post-command-hook))
        (should (ecsc-test--wait #'eglot-current-server)))
      buf)))

(defun ecsc-test--diags ()
  "Flymake's diagnostics; starts a check first (batch Emacs runs no idle timers)."
  (flymake-start)
  (accept-process-output nil 0.05)
  (flymake-diagnostics (point-min) (point-max)))

(defun ecsc-test--pos (needle &optional delta)
  (save-excursion
    (goto-char (point-min))
    (search-forward needle)
    (eglot--pos-to-lsp-position (+ (match-beginning 0) (or delta 0)))))

(defun ecsc-test--request (method needle &optional delta)
  (jsonrpc-request (eglot-current-server) method
                   (list :textDocument (eglot--TextDocumentIdentifier)
                         :position (ecsc-test--pos needle delta))))

(ert-deftest ecsc-eglot-all ()
  (let ((buf (ecsc-test--open)))
    (unwind-protect
        (with-current-buffer buf
          ;; the diagnostic, at the misspelt word
          (should (ecsc-test--wait #'ecsc-test--diags))
          (let ((d (car (ecsc-test--diags))))
            (should (eq (flymake-diagnostic-type d) 'eglot-error))
            (should (string-match-p "unknown field 'imag'" (flymake-diagnostic-text d)))
            (should (equal (buffer-substring (flymake-diagnostic-beg d) (flymake-diagnostic-end d))
                           "imag")))
          ;; hover on a field and on a size
          (let ((h (ecsc-test--request :textDocument/hover "memory  1 GiB")))
            (should (string-match-p "memory" (plist-get (plist-get h :contents) :value))))
          (let ((h (ecsc-test--request :textDocument/hover "1 GiB")))
            (should (string-match-p "1024" (plist-get (plist-get h :contents) :value))))
          ;; completion in a container: container fields only
          (let* ((r (ecsc-test--request :textDocument/completion "    port       8080" 4))
                 (labels (mapcar (lambda (i) (plist-get i :label)) (plist-get r :items))))
            (should (member "health" labels))
            (should-not (member "desired" labels)))
          ;; go to definition of the task's role
          (let ((r (ecsc-test--request :textDocument/definition "role    reader" 8)))
            (should (equal (plist-get (plist-get (plist-get r :range) :start) :line)
                           (plist-get (ecsc-test--pos "role reader") :line))))
          ;; fix it: the diagnostic is cleared
          (goto-char (point-min))
          (search-forward "imag ")
          (backward-char 1)
          (insert "e")
          (delete-char 1)
          (eglot--signal-textDocument/didChange)
          (should (ecsc-test--wait (lambda () (null (ecsc-test--diags)))))
          ;; formatting: the buffer becomes what `ecsc fmt -' prints
          (let ((want (with-output-to-string
                        (call-process-region (point-min) (point-max) ecsc-test-bin nil
                                             standard-output nil "fmt" "-"))))
            (should-not (equal want (buffer-string)))
            (eglot-format-buffer)
            (should (equal (buffer-string) want)))
          (eglot-shutdown (eglot-current-server)))
      (with-current-buffer buf (set-buffer-modified-p nil))
      (kill-buffer buf))))

;;; eglot-test.el ends here
