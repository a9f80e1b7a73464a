// What the Python conversion and decline tables share: a plain app and its requirements.
export const REQS = { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': '' };
export const APP = 'WORKDIR /app\nCOPY . .\n';
