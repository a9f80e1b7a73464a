<?php

return ['name' => getenv('APP_NAME') ?: 'notes', 'env' => 'production'];
