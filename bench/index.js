// npm run bench: every benchmark, figures printed, nothing asserted.
'use strict';
require('./startup.js');
require('./tree.js');
