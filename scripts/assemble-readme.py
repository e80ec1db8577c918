#!/usr/bin/env python3
"""One-off helper used while merging feature docs: README.md = core sections + docs/readme-sections/*.md."""
import json, os
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
order = json.load(open(os.path.join(root, 'docs/readme-order.json')))
parts = []
for item in order:
    if item.startswith('@'):
        path = os.path.join(root, 'docs/readme-sections', item[1:] + '.md')
        if os.path.exists(path):
            parts.append(open(path).read().rstrip() + '\n')
    else:
        parts.append(item.rstrip() + '\n')
open(os.path.join(root, 'README.md'), 'w').write('\n'.join(parts))
