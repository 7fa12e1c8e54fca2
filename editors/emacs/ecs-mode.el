;;; ecs-mode.el --- Major mode for .ecs files, the language of ecsc  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: languages
;; URL: https://example.invalid/ecsc

;;; Commentary:

;; A major mode for the .ecs language of the ecsc compiler (Amazon ECS task
;; definitions, services and CloudFormation): highlighting, comments,
;; strings that end on their line, and indentation.
;;
;; Keywords are not reserved in the language: a word is a keyword by where
;; it stands.  So a declaration (task, service, ...) is highlighted at the
;; start of a top-level statement (or of a statement in an `environment'
;; block), a field (image, port, ...) at the start of a statement inside a
;; block, and an option word (fargate, every, ...) among the arguments.
;;
;; Install: put this file's directory on `load-path' and
;;
;;   (require 'ecs-mode)
;;
;; .ecs files then open in `ecs-mode'.
;;
;; The ecs-kw-* lists are generated from the compiler's tables by
;; ecsc-vocab (tools/vocab.c of ecsc): `cmake --build build --target
;; editors' rewrites them.

;;; Code:

(defgroup ecs nil
  "Editing .ecs files, the language of the ecsc compiler."
  :group 'languages
  :prefix "ecs-")

(defcustom ecs-indent-offset 2
  "Indentation of each level of braces and brackets in `ecs-mode'."
  :type 'integer
  :safe #'integerp)

;;;; Faces

(defface ecs-declaration-face '((t :inherit font-lock-keyword-face))
  "Face of declarations: task, service, app, ...")
(defface ecs-name-face '((t :inherit font-lock-function-name-face))
  "Face of the name a declaration declares.")
(defface ecs-field-face '((t :inherit font-lock-builtin-face))
  "Face of the fields of blocks: image, port, launch, ...")
(defface ecs-key-face '((t :inherit font-lock-variable-name-face))
  "Face of the keys of assignments in maps: KEY = \"value\".")
(defface ecs-option-face '((t :inherit font-lock-type-face))
  "Face of option and value words: fargate, every, from, ...")
(defface ecs-constant-face '((t :inherit font-lock-constant-face))
  "Face of the constants true and false.")
(defface ecs-number-face '((t :inherit font-lock-constant-face))
  "Face of numbers: 8080, 0.5 vcpu, 30s, 50%.")
(defface ecs-unit-face '((t :inherit font-lock-type-face))
  "Face of the unit of a number: GiB, vcpu, s, %.")
(defface ecs-escape-face '((t :inherit font-lock-regexp-grouping-backslash))
  "Face of escapes in strings: \\n \\t \\r \\\" \\\\ \\$.")
(defface ecs-interpolation-face '((t :inherit font-lock-variable-name-face))
  "Face of interpolations in strings: ${name}.")
(defface ecs-variable-face '((t :inherit font-lock-variable-name-face))
  "Face of references to values: $name.")
(defface ecs-invalid-face '((t :inherit font-lock-warning-face))
  "Face of what the lexer rejects: unknown escapes, stray characters.")

;;;; The words of the language (generated: do not edit the lists)

(defconst ecs-kw-declaration
  '("app" "capacity" "cluster" "environment" "import" "load_balancer"
    "param" "role" "schedule" "service" "task" "template")
  "Declarations: the heads of top-level statements.")
(defconst ecs-kw-field
  '("accelerator" "accept" "access_logs" "access_point" "account" "add"
    "agent" "allow" "ami" "arch" "arn" "autoprovision" "az_rebalancing"
    "blue_green" "cap_add" "cap_drop" "capacity" "command" "connect"
    "constraint" "container" "cooldown" "count" "cpu" "credential_spec"
    "credentials" "daemon" "default" "deny" "depends_on" "desired"
    "device" "disable_networking" "discovery" "disk" "dns" "dns_search"
    "driver" "enabled" "entrypoint" "env" "env_file" "essential" "exec"
    "execution_role" "existing" "extra_host" "family" "fault_injection"
    "firelens" "gpu" "grace" "health" "hostname" "iam" "idle_timeout"
    "image" "init" "insights" "instance" "interactive" "internal"
    "internet_facing" "ipc" "key_pair" "labels" "launch" "links" "listen"
    "logs" "managed" "managed_tags" "max" "memory" "memory_reservation"
    "min" "mount" "namespace" "network" "notify" "on" "options" "param"
    "pid" "placement" "platform" "platform_version" "port" "priorities"
    "privileged" "propagate_tags" "protect" "proxy" "public_ip" "raw"
    "readonly_root" "region" "remove" "restart" "retain" "role" "rolling"
    "root" "route" "run" "scale" "schedule" "scope" "secret"
    "security_group" "security_groups" "security_opt" "shm" "spot"
    "start_timeout" "step" "stop_timeout" "storage" "subnets" "swap"
    "sysctl" "tags" "target" "task" "timezone" "tmpfs"
    "transit_encryption" "transit_port" "tty" "ulimit" "use" "user"
    "user_data" "version_consistency" "volume" "volumes_from" "vpc"
    "workdir")
  "Fields: the heads of statements in blocks.")
(defconst ecs-kw-word
  '("a" "above" "add" "al2" "al2023" "alarms" "all_at_once" "any"
    "appmesh" "arm64" "as" "at" "awsfirelens" "awslogs" "awsvpc" "az"
    "bake" "base" "below" "binpack" "blocking" "bool" "bottlerocket"
    "bridge" "canary" "capacity_optimized"
    "capacity_optimized_prioritized" "capacity_provider" "cert"
    "certificate" "circuit_breaker" "cmd" "codedeploy" "codes" "complete"
    "core" "cpu" "create" "create_group" "cron" "data" "default"
    "deregistration" "device" "disabled" "discovery" "distinct_instance"
    "docker" "duration" "dynamic" "ebs" "ec2" "ecs" "efs" "enabled"
    "every" "exec" "existing" "external" "fargate" "fargate_spot"
    "firelens" "fixed" "fluentbit" "fluentd" "for" "forward" "from"
    "fsize" "full" "gelf" "gp2" "gp3" "gpu" "group" "grpc" "header"
    "health" "healthy" "host" "http" "http2" "https" "ignore" "in"
    "instance" "io1" "io2" "journald" "json-file" "key" "kms" "latest"
    "launch_template" "linear" "linux" "list" "listener" "listener_rule"
    "locks" "lowest_price" "managed_instances" "map" "max" "memlock"
    "memory" "method" "min" "mknod" "mode" "msgqueue" "name" "nice"
    "nofile" "non-blocking" "none" "nproc" "number" "on" "on_demand"
    "only" "options" "out" "percent" "period" "port" "prefix"
    "price_capacity_optimized" "priority" "query" "queue" "random" "read"
    "readonly" "redirect" "remove" "requests" "retain" "retries"
    "rollback" "rss" "rtprio" "rttime" "secretsmanager"
    "security_group_id" "service" "shared" "sigpending" "size"
    "slow_start" "source" "splunk" "spread" "srv" "ssm" "stack" "stage"
    "standard" "start" "sticky" "strategy" "string" "subnet_id" "success"
    "swappiness" "syslog" "target_group" "task" "tcp" "termination_wait"
    "timeout" "timezone" "tls" "to" "ttl" "udp" "unencrypted" "unhealthy"
    "version" "via" "vpc" "vpc_id" "weight" "windows" "word" "write"
    "x86_64")
  "Option and value words, among the arguments.")
(defconst ecs-kw-constant
  '("false" "true")
  "The constants.")
(defconst ecs-kw-unit
  '("GiB" "MiB" "TiB" "vCPU" "vcpu" "vcpus")
  "Units joined to a number: 1 GiB, 512MiB.")
(defconst ecs-kw-duration
  '("d" "h" "m" "s")
  "Duration suffixes: 30s.")
(defconst ecs-kw-percent
  '("%")
  "The percentage suffix: 50%.")

(defconst ecs--word-re "[A-Za-z_]\\(?:[A-Za-z0-9_.-]*[A-Za-z0-9_]\\)?"
  "A word of the language.")

(defun ecs--symbols-re (words)
  "A regexp matching any of WORDS as a whole symbol, as group 1."
  (concat "\\_<\\(" (regexp-opt words) "\\)\\_>"))

(defconst ecs--declaration-re
  (concat (ecs--symbols-re ecs-kw-declaration) "\\(?:[ \t]+\\(" ecs--word-re "\\)\\)?"))
(defconst ecs--field-re (ecs--symbols-re ecs-kw-field))
(defconst ecs--option-re (ecs--symbols-re ecs-kw-word))
(defconst ecs--constant-re (ecs--symbols-re ecs-kw-constant))
(defconst ecs--key-re (concat "\\_<\\(" ecs--word-re "\\)[ \t]*="))
(defconst ecs--spaced-unit-re
  (concat "[ \t]+\\(" (regexp-opt ecs-kw-unit) "\\)\\(?:[^A-Za-z0-9_]\\|$\\)"))
(defconst ecs--suffixes (append ecs-kw-unit ecs-kw-duration ecs-kw-percent)
  "The suffixes that make a number a size, a duration or a percentage.")

;;;; Syntax

(defvar ecs-mode-syntax-table
  (let ((st (make-syntax-table)))
    (modify-syntax-entry ?# "<" st)
    (modify-syntax-entry ?\n ">" st)
    (modify-syntax-entry ?\" "\"" st)
    (modify-syntax-entry ?\\ "\\" st)
    (modify-syntax-entry ?_ "_" st)
    (modify-syntax-entry ?- "_" st)
    (modify-syntax-entry ?. "_" st)
    (modify-syntax-entry ?{ "(}" st)
    (modify-syntax-entry ?} "){" st)
    (modify-syntax-entry ?\[ "(]" st)
    (modify-syntax-entry ?\] ")[" st)
    (modify-syntax-entry ?\( "()" st)
    (modify-syntax-entry ?\) ")(" st)
    (dolist (c '(?= ?, ?\; ?: ?> ?% ?$ ?@ ?! ?' ?< ?* ?+ ?/ ?& ?| ?^ ?~ ?? ?`))
      (modify-syntax-entry c "." st))
    st)
  "Syntax table of `ecs-mode'.")

(defun ecs--syntax-propertize (start end)
  "Make the strings between START and END end on their line, as the lexer does."
  (goto-char start)
  (funcall
   (syntax-propertize-rules
    ("\\(\"\\)\\(?:[^\"\\\n]\\|\\\\.\\)*\\(\"\\|\n\\)?"
     (0 (ignore (ecs--propertize-string)))))
   (point) end))

(defun ecs--propertize-string ()
  "Mark the quotes of the string matched as string fences, and a newline
that ends it unterminated."
  (let ((open (match-beginning 1))
        (close (match-beginning 2)))
    (if (nth 8 (save-excursion (syntax-ppss open)))
        ;; a quote in a comment: no string; go on after it
        (goto-char (1+ open))
      (put-text-property open (1+ open) 'syntax-table (string-to-syntax "|"))
      (when close
        (put-text-property close (1+ close) 'syntax-table (string-to-syntax "|"))))))

;;;; Highlighting

(defun ecs--search (regexp limit pred)
  "Search for REGEXP before LIMIT, to a match outside strings and comments
where PRED, called at the match's start with its `syntax-ppss', is true."
  (let (found)
    (while (and (not found) (re-search-forward regexp limit t))
      (let* ((md (match-data))
             (ppss (save-excursion (syntax-ppss (match-beginning 0)))))
        (set-match-data md)
        (setq found (and (not (nth 8 ppss))
                         (save-excursion
                           (goto-char (match-beginning 0))
                           (funcall pred ppss))))
        (set-match-data md)))
    found))

(defun ecs--statement-start-p ()
  "Whether the point starts a statement: after blanks at the line's start,
or after a `;', a `,' or a `{'."
  (save-excursion
    (skip-chars-backward " \t")
    (or (bolp) (memq (char-before) '(?\; ?, ?{)))))

(defun ecs--in-block-p (ppss)
  "Whether PPSS is directly inside braces."
  (and (nth 1 ppss) (eq (char-after (nth 1 ppss)) ?{)))

(defun ecs--in-environment-p (ppss)
  "Whether PPSS is directly inside the block of `environment NAME {'."
  (and (ecs--in-block-p ppss)
       (save-excursion
         (goto-char (nth 1 ppss))
         (looking-back "^[ \t]*environment[ \t]+[^ \t\n]+[ \t]*" (line-beginning-position)))))

(defun ecs--match-declaration (limit)
  "Match a declaration at the start of a top-level statement, or of a
statement in an environment block (there also after `add')."
  (ecs--search ecs--declaration-re limit
               (lambda (ppss)
                 (or (and (= (car ppss) 0) (ecs--statement-start-p))
                     (and (ecs--in-environment-p ppss)
                          (or (ecs--statement-start-p)
                              (save-excursion
                                (skip-chars-backward " \t")
                                (and (looking-back "\\_<add" (line-beginning-position))
                                     (progn (backward-char 3) (ecs--statement-start-p))))))))))

(defun ecs--match-key (limit)
  "Match the key of an assignment in a map, or of a constant."
  (ecs--search ecs--key-re limit
               (lambda (ppss) (and (or (= (car ppss) 0) (ecs--in-block-p ppss))
                                   (ecs--statement-start-p)))))

(defun ecs--match-field (limit)
  (ecs--search ecs--field-re limit
               (lambda (ppss) (and (ecs--in-block-p ppss) (ecs--statement-start-p)))))

(defun ecs--match-word (regexp)
  "A matcher of REGEXP outside strings and comments."
  (lambda (limit) (ecs--search regexp limit (lambda (_) t))))

(defun ecs--match-number (limit)
  "Match a number: group 1 the number with its spaces, group 2 its unit
when the unit is one of `ecs--suffixes'."
  (let (found)
    (while (and (not found)
                (ecs--search "-?[0-9]+\\(?:\\.[0-9]+\\)?" limit
                             (lambda (_)
                               (not (and (char-before)
                                         (string-match-p "[A-Za-z0-9_]" (string (char-before))))))))
      (let ((start (match-beginning 0))
            (num-end (match-end 0)))
        (goto-char num-end)
        (cond
         ((looking-at ecs--spaced-unit-re)
          (set-match-data (list start (match-end 1) start (match-beginning 1)
                                (match-beginning 1) (match-end 1)))
          (goto-char (match-end 0)))
         ((looking-at "[A-Za-z%][A-Za-z0-9]*")
          (if (member (match-string 0) ecs--suffixes)
              (set-match-data (list start (match-end 0) start num-end
                                    (match-beginning 0) (match-end 0)))
            (set-match-data (list start (match-end 0) start (match-end 0)))))
         (t (set-match-data (list start num-end start num-end))))
        (goto-char (match-end 0))
        (setq found t)))
    found))

(defun ecs--match-in-string (regexp &optional pred)
  "A matcher of REGEXP inside strings, where no backslash escapes it, and
where PRED (if given), called at the match's start, is true."
  (lambda (limit)
    (let (found)
      (while (and (not found) (re-search-forward regexp limit t))
        (let* ((md (match-data))
               (start (match-beginning 0))
               (ppss (save-excursion (syntax-ppss start))))
          (set-match-data md)
          (setq found (and (nth 3 ppss)
                           (save-excursion
                             (goto-char start)
                             (and (= 0 (% (skip-chars-backward "\\\\") 2))
                                  (progn (goto-char start) (or (null pred) (funcall pred)))))))
          (set-match-data md)))
      found)))

(defconst ecs--interpolation-re (concat "\\${" ecs--word-re "}")
  "An interpolation: ${name}.")

(defconst ecs-font-lock-keywords
  `((,(ecs--match-in-string "\\\\[ntr\"\\$]") (0 'ecs-escape-face t))
    (,(ecs--match-in-string "\\\\\\(?:[^ntr\"\\\\$\n]\\|$\\)") (0 'ecs-invalid-face t))
    (,(ecs--match-in-string ecs--interpolation-re) (0 'ecs-interpolation-face t))
    (,(ecs--match-in-string "\\${" (lambda () (not (looking-at ecs--interpolation-re))))
     (0 'ecs-invalid-face t))
    (ecs--match-declaration (1 'ecs-declaration-face) (2 'ecs-name-face nil t))
    (ecs--match-key (1 'ecs-key-face))
    (ecs--match-field (1 'ecs-field-face))
    (ecs--match-number (0 'ecs-number-face) (1 'ecs-number-face) (2 'ecs-unit-face t t))
    (,(ecs--match-word (concat "\\$" ecs--word-re)) (0 'ecs-variable-face))
    (,(ecs--match-word ecs--constant-re) (1 'ecs-constant-face))
    (,(ecs--match-word ecs--option-re) (1 'ecs-option-face))
    (,(ecs--match-word "[^][ \t\n\r\f[:alnum:]_.%\"#{}()=,;:>+*/-]") (0 'ecs-invalid-face)))
  "Highlighting of `ecs-mode'.")

;;;; Indentation

(defun ecs-calculate-indent ()
  "The indentation of the current line: `ecs-indent-offset' for each
brace, bracket or parenthesis open at its start, less those it starts by
closing."
  (save-excursion
    (back-to-indentation)
    (skip-chars-forward "]}) \t")
    (* ecs-indent-offset (max 0 (car (syntax-ppss))))))

(defun ecs-indent-line ()
  "Indent the current line as `ecs-calculate-indent' says."
  (interactive)
  (let ((indent (ecs-calculate-indent))
        (offset (- (current-column) (current-indentation))))
    (indent-line-to indent)
    (when (> offset 0)
      (move-to-column (+ indent offset)))))

;;;; The mode

;;;###autoload
(define-derived-mode ecs-mode prog-mode "ECS"
  "Major mode for .ecs files, the language of the ecsc compiler.

\\{ecs-mode-map}"
  :syntax-table ecs-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "#+[ \t]*")
  (setq-local syntax-propertize-function #'ecs--syntax-propertize)
  (setq-local font-lock-defaults '(ecs-font-lock-keywords nil nil))
  (setq-local indent-line-function #'ecs-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local electric-indent-chars (append "}])" electric-indent-chars)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.ecs\\'" . ecs-mode))

(provide 'ecs-mode)

;;; ecs-mode.el ends here
