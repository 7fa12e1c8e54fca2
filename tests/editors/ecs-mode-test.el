;;; ecs-mode-test.el --- ERT tests of editors/emacs/ecs-mode.el  -*- lexical-binding: t; -*-

;; Run from the repository:
;;   emacs --batch -l ert -l editors/emacs/ecs-mode.el \
;;         -l tests/editors/ecs-mode-test.el -f ert-run-tests-batch-and-exit
;;
;; The faces at each annotated position of tests/editors/sample.ecs (shared
;; with the Vim test), every word of grammar/keywords.def in its place, the
;; indentation of tests/editors/indent.ecs, comments, strings and the
;; mode's set-up.

;;; Code:

(require 'ert)
(require 'cl-lib)
(require 'ecs-mode)

(defconst ecs-test-repo
  (expand-file-name "../.." (file-name-directory (or load-file-name buffer-file-name)))
  "The repository's root.")

(defun ecs-test-file (name)
  "The text of NAME, relative to the repository."
  (with-temp-buffer
    (insert-file-contents (expand-file-name name ecs-test-repo))
    (buffer-string)))

(defmacro ecs-test-with (text &rest body)
  "Run BODY in an `ecs-mode' buffer holding TEXT, fontified."
  (declare (indent 1))
  `(with-temp-buffer
     (insert ,text)
     (ecs-mode)
     (font-lock-mode 1)
     (font-lock-ensure)
     (goto-char (point-min))
     ,@body))

(defun ecs-test-faces (pos)
  "The faces at POS, as a list."
  (let ((f (get-text-property pos 'face)))
    (if (listp f) f (list f))))

;; The categories of the shared sample, as faces: the faces accepted for
;; each (nil: no face).
(defconst ecs-test-category-faces
  '(("declaration" ecs-declaration-face) ("declname" ecs-name-face)
    ("field" ecs-field-face) ("key" ecs-key-face) ("option" ecs-option-face)
    ("constant" ecs-constant-face) ("name" nil)
    ("number" ecs-number-face) ("size" ecs-number-face) ("duration" ecs-number-face)
    ("percent" ecs-number-face) ("unit" ecs-unit-face)
    ("string" font-lock-string-face) ("escape" ecs-escape-face)
    ("bad-escape" ecs-invalid-face)
    ("interpolation-delim" ecs-interpolation-face)
    ("interpolation-name" ecs-interpolation-face)
    ("comment" font-lock-comment-face font-lock-comment-delimiter-face)
    ("todo" font-lock-comment-face)
    ("arrow" nil) ("range" nil) ("colon" nil) ("assign" nil) ("separator" nil)
    ("brace" nil) ("bracket" nil) ("error" ecs-invalid-face) ("none" nil)
    ("variable" ecs-variable-face) ("interpolation-error" ecs-invalid-face)
    ("arith" nil) ("paren" nil)))

(defun ecs-test-face-ok (pos accepted)
  "Whether the faces at POS are one of ACCEPTED (nil alone: no face)."
  (let ((faces (delq nil (ecs-test-faces pos))))
    (if (equal accepted '(nil))
        (null faces)
      (cl-some (lambda (f) (memq f faces)) accepted))))

(ert-deftest ecs-mode-auto-mode ()
  "A .ecs file opens in `ecs-mode', a `prog-mode'."
  (should (eq (assoc-default "/x/app.ecs" auto-mode-alist #'string-match) 'ecs-mode))
  (with-temp-buffer
    (ecs-mode)
    (should (derived-mode-p 'prog-mode))
    (should (equal comment-start "# "))
    (should (= ecs-indent-offset 2))))

(ert-deftest ecs-mode-comments-and-strings ()
  "`#' starts a comment outside strings; strings end on their line."
  (ecs-test-with "env { A = \"#x\" } # c \"q\n  user \"open\n  image \"x\"\n"
    (search-forward "#x")
    (should (nth 3 (syntax-ppss)))
    (should-not (nth 4 (syntax-ppss)))
    (search-forward "# c")
    (should (nth 4 (syntax-ppss)))
    (search-forward "\"q")
    (should (nth 4 (syntax-ppss)))
    (search-forward "open")
    (should (nth 3 (syntax-ppss)))
    (search-forward "image")
    (should-not (nth 8 (syntax-ppss)))
    (should (= (car (syntax-ppss)) 0))
    (comment-normalize-vars)
    (goto-char (point-min))
    (should (comment-search-forward (point-max) t))))

(ert-deftest ecs-mode-sample-faces ()
  "The face at each annotated position of tests/editors/sample.ecs."
  (let ((failures '()) (checked 0))
    (ecs-test-with (ecs-test-file "tests/editors/sample.ecs")
      (let ((src nil))
        (while (not (eobp))
          (let ((line (buffer-substring (line-beginning-position) (line-end-position))))
            (if (not (string-match "\\`#\\([ \t]*\\)\\(\\^+\\)[ \t]+\\([^ \t]+\\)[ \t]*\\'" line))
                (setq src (line-beginning-position))
              (let* ((from (+ 1 (length (match-string 1 line))))
                     (n (length (match-string 2 line)))
                     (cat (match-string 3 line))
                     (accepted (cdr (assoc cat ecs-test-category-faces))))
                (unless (assoc cat ecs-test-category-faces)
                  (push (format "unknown category %s" cat) failures))
                (dotimes (i n)
                  (let ((pos (+ src from i)))
                    (setq checked (1+ checked))
                    (unless (ecs-test-face-ok pos accepted)
                      (push (format "line %d column %d (%S in %S): %S, expected %s %S"
                                    (line-number-at-pos pos) (+ from i)
                                    (buffer-substring pos (1+ pos))
                                    (buffer-substring src (save-excursion (goto-char src) (line-end-position)))
                                    (get-text-property pos 'face) cat accepted)
                            failures)))))))
          (forward-line 1))))
    (mapc #'message (reverse failures))
    (should (> checked 300))
    (should (= (length failures) 0))))

(defun ecs-test-keywords ()
  "The entries of grammar/keywords.def, as (CATEGORY . WORD)."
  (let ((out '()))
    (dolist (line (split-string (ecs-test-file "grammar/keywords.def") "\n"))
      (when (string-match "\\`KW(\\s-*\\([a-z]+\\)\\s-*,\\s-*\"\\([^\"]+\\)\"\\s-*)" line)
        (push (cons (match-string 1 line) (match-string 2 line)) out)))
    (nreverse out)))

(ert-deftest ecs-mode-every-keyword ()
  "Every word of grammar/keywords.def, highlighted in its place."
  (let ((kws (ecs-test-keywords)) (lines '()) (checks '()) (n 0) (failures '()))
    (should (> (length kws) 200))
    (cl-flet ((add (text &rest cs)
                (push text lines)
                (setq n (1+ n))
                (dolist (c cs) (push (cons n c) checks))))
      (dolist (kw kws)
        (when (equal (car kw) "declaration")
          (add (concat (cdr kw) " name {") (list 0 'ecs-declaration-face (cdr kw)))
          (add "}")))
      (add "task all {")
      (dolist (kw kws)
        (let ((w (cdr kw)))
          (pcase (car kw)
            ("field" (add (concat "  " w) (list 2 'ecs-field-face w)))
            ("word" (add (concat "  x " w) (list 4 'ecs-option-face w)))
            ("constant" (add (concat "  x " w) (list 4 'ecs-constant-face w)))
            ("unit"
             (add (concat "  x 1 " w) (list 4 'ecs-number-face w) (list 6 'ecs-unit-face w))
             (add (concat "  x 12" w) (list 4 'ecs-number-face w) (list 6 'ecs-unit-face w)))
            ((or "duration" "percent")
             (add (concat "  x 30" w) (list 4 'ecs-number-face w) (list 6 'ecs-unit-face w))))))
      (add "}"))
    (ecs-test-with (mapconcat #'identity (nreverse lines) "\n")
      (dolist (c (reverse checks))
        (goto-char (point-min))
        (forward-line (1- (car c)))
        (let ((pos (+ (point) (nth 1 c))))
          (unless (memq (nth 2 c) (ecs-test-faces pos))
            (push (format "%s on line %d: %S, expected %s" (nth 3 c) (car c)
                          (get-text-property pos 'face) (nth 2 c))
                  failures)))))
    (mapc #'message (reverse failures))
    (should (> (length checks) 250))
    (should (= (length failures) 0))))

(defun ecs-test-accepted-files ()
  "The .ecs files the compiler accepts: examples/**/*.ecs and stdlib/*.ecs."
  (cl-remove-if (lambda (f) (string-match-p "/expected/" f))
                (append (directory-files-recursively (expand-file-name "examples" ecs-test-repo) "\\.ecs\\'")
                        (directory-files (expand-file-name "stdlib" ecs-test-repo) t "\\.ecs\\'"))))

(ert-deftest ecs-mode-accepted-files ()
  "Nothing in the examples and the stdlib is marked invalid."
  (let ((files (ecs-test-accepted-files)) (failures '()))
    (should files)
    (dolist (file files)
      (ecs-test-with (with-temp-buffer (insert-file-contents file) (buffer-string))
        (let ((pos (point-min)))
          (while (< pos (point-max))
            (when (memq 'ecs-invalid-face (ecs-test-faces pos))
              (push (format "%s:%d: %S" (file-relative-name file ecs-test-repo) (line-number-at-pos pos)
                            (buffer-substring pos (min (point-max) (+ pos 10))))
                    failures))
            (setq pos (or (next-single-property-change pos 'face) (point-max)))))))
    (mapc #'message (reverse failures))
    (should (= (length failures) 0))))

(defun ecs-test-reindent (text)
  "TEXT without its indentation, reindented by `ecs-mode'."
  (with-temp-buffer
    (insert (replace-regexp-in-string "^[ \t]+" "" text))
    (ecs-mode)
    (indent-region (point-min) (point-max))
    (buffer-string)))

(ert-deftest ecs-mode-indentation ()
  "tests/editors/indent.ecs, flattened, reindents to itself."
  (let* ((expected (ecs-test-file "tests/editors/indent.ecs"))
         (got (ecs-test-reindent expected)))
    (should (equal (split-string got "\n") (split-string expected "\n")))))

(ert-deftest ecs-mode-indent-offset ()
  "`ecs-indent-offset' sets the width of a level; `}' and `]' dedent."
  (let ((ecs-indent-offset 4))
    (should (equal (ecs-test-reindent "task t {\ncontainer c {\nimage \"x\"\ncommand [\n\"a\"\n]\n}\n}\n")
                   "task t {\n    container c {\n        image \"x\"\n        command [\n            \"a\"\n        ]\n    }\n}\n")))
  (with-temp-buffer
    (ecs-mode)
    (insert "task t {\n")
    (indent-according-to-mode)
    (insert "launch fargate")
    (indent-according-to-mode)
    (should (equal (buffer-string) "task t {\n  launch fargate"))))

;;; ecs-mode-test.el ends here
